//! Who works in the workspace and what they are assigned: users (from the
//! seed), the API key's machine user, `assignThread` (to a user or a
//! machine user that exists) and `unassignThread`, and the `myWorkspace`
//! query.

use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::webhooks::Change;
use super::{date_time, not_found, Workspace};
use crate::testing::answer::MutationFailure;

impl Workspace {
    /// A user of the seed, as Plain's `User` JSON.
    pub(super) fn seed_user(
        &self,
        id: &str,
        full_name: &str,
        email: &str,
        at: &Value,
    ) -> Map<String, Value> {
        let user = json!({
            "__typename": "User",
            "id": id,
            "fullName": full_name,
            "publicName": full_name.split_whitespace().next().unwrap_or(full_name),
            "email": email,
            "avatarUrl": null,
            "status": "ONLINE",
            "statusChangedAt": at,
            "isDeleted": false,
            "deletedAt": null,
            "deletedBy": null,
        });
        self.stamped(user, at)
    }

    /// The API key's machine user, as Plain's `MachineUser` JSON.
    pub(super) fn machine_user(&self, at: &Value) -> Value {
        let machine_user = json!({
            "__typename": "MachineUser",
            "id": self.machine_user_id,
            "fullName": "MockPlain API key",
            "publicName": "MockPlain",
            "description": null,
            "type": "API_USER",
            "isDeleted": false,
            "deletedAt": null,
            "deletedBy": null,
        });
        Value::Object(self.stamped(machine_user, at))
    }

    /// `assignThread`: to exactly one of `userId` and `machineUserId`.
    pub(super) fn assign_thread(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        let at = date_time(now);
        let assignee = match (input["userId"].as_str(), input["machineUserId"].as_str()) {
            (Some(user_id), None) => {
                let store = self.store();
                match store.users.get(user_id) {
                    Some(user) => Value::Object(user.clone()),
                    None => return Err(not_found("User", "userId", user_id)),
                }
            }
            (None, Some(machine_user_id)) if machine_user_id == self.machine_user_id => {
                self.machine_user(&at)
            }
            (None, Some(machine_user_id)) => {
                return Err(not_found("Machine user", "machineUserId", machine_user_id))
            }
            _ => {
                return Err(MutationFailure::validation(
                    "input_validation",
                    "Exactly one of userId and machineUserId names the assignee",
                )
                .field("userId", "Give exactly one of userId, machineUserId"))
            }
        };
        self.change_thread(input, now, |thread| {
            if thread["assignedTo"]["id"] == assignee["id"] {
                return Ok(None);
            }
            thread.insert("assignedTo".into(), assignee.clone());
            thread.insert("assignedAt".into(), at.clone());
            Ok(Some(Change::ThreadAssignmentTransitioned))
        })
    }

    /// `unassignThread`.
    pub(super) fn unassign_thread(
        &self,
        input: &Value,
        now: SystemTime,
    ) -> Result<Map<String, Value>, MutationFailure> {
        self.change_thread(input, now, |thread| {
            if thread["assignedTo"].is_null() {
                return Ok(None);
            }
            thread.insert("assignedTo".into(), Value::Null);
            thread.insert("assignedAt".into(), Value::Null);
            Ok(Some(Change::ThreadAssignmentTransitioned))
        })
    }

    /// `myWorkspace`.
    pub(super) fn my_workspace(&self) -> Value {
        let store = self.store();
        json!({
            "id": store.workspace_id,
            "name": "MockPlain",
            "publicName": "MockPlain",
            "isDemoWorkspace": false,
            "domainNames": [],
        })
    }
}

//! UI components as Plain stores them: the input (`{"componentText":
//! {"text": …}}`, one key naming the component) becomes the output union's
//! member (`{"__typename": "ComponentText", "text": …}`), containers and
//! rows with their content converted the same way. Fields left out of the
//! input are null in the answer. Webhooks write the same components with
//! `type` (`linkButton`) in place of `__typename` ([`as_webhook`]).

use serde_json::{Map, Value};

/// `components` (a list of component inputs) as the output union's values.
pub(super) fn as_output(components: &Value) -> Value {
    match components {
        Value::Array(items) => Value::Array(items.iter().map(component).collect()),
        _ => Value::Array(Vec::new()),
    }
}

/// One component input, or the value as it is when it is not one.
fn component(input: &Value) -> Value {
    let Some((key, Value::Object(fields))) = single_component(input) else {
        return input.clone();
    };
    let mut output = Map::new();
    output.insert("__typename".into(), Value::String(type_name(key)));
    for (name, value) in fields {
        let value = match value {
            // Content of a container or a row: components again.
            Value::Array(items) if items.iter().all(|i| single_component(i).is_some()) => {
                as_output(value)
            }
            _ => value.clone(),
        };
        output.insert(name.clone(), value);
    }
    Value::Object(output)
}

/// The one `componentX` key of a component input, and its value.
fn single_component(input: &Value) -> Option<(&String, &Value)> {
    let Value::Object(object) = input else {
        return None;
    };
    let mut set = object.iter().filter(|(_, v)| !v.is_null());
    match (set.next(), set.next()) {
        (Some((key, value)), None) if key.starts_with("component") => Some((key, value)),
        _ => None,
    }
}

/// Stored components (the output union) as webhooks write them: `type`
/// in place of `__typename` (`ComponentLinkButton` → `linkButton`), the
/// content of rows and containers alike.
pub(super) fn as_webhook(value: &Value) -> Value {
    let Value::Array(items) = value else {
        return Value::Array(Vec::new());
    };
    items
        .iter()
        .map(|component| {
            let Value::Object(fields) = component else {
                return component.clone();
            };
            let mut out = Map::new();
            for (key, value) in fields {
                match key.as_str() {
                    "__typename" => {
                        let name = value.as_str().unwrap_or_default();
                        let name = name.strip_prefix("Component").unwrap_or(name);
                        let mut chars = name.chars();
                        let type_name = chars
                            .next()
                            .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
                            .unwrap_or_default();
                        out.insert("type".into(), Value::String(type_name));
                    }
                    _ if value.is_array() => {
                        out.insert(key.clone(), as_webhook(value));
                    }
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            Value::Object(out)
        })
        .collect()
}

/// `componentLinkButton` → `ComponentLinkButton`.
fn type_name(key: &str) -> String {
    let mut chars = key.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inputs_become_the_union_members_they_name() {
        #[rustfmt::skip]
        let cases = [
            (json!([{ "componentText": { "text": "hi" } }]),
             json!([{ "__typename": "ComponentText", "text": "hi" }])),
            (json!([{ "componentSpacer": { "spacerSize": "M" }, "componentText": null }]),
             json!([{ "__typename": "ComponentSpacer", "spacerSize": "M" }])),
            (json!([{ "componentContainer": { "containerContent": [
                 { "componentDivider": { "dividerSpacingSize": null } },
                 { "componentLinkButton": { "linkButtonUrl": "https://x", "linkButtonLabel": "X" } } ] } }]),
             json!([{ "__typename": "ComponentContainer", "containerContent": [
                 { "__typename": "ComponentDivider", "dividerSpacingSize": null },
                 { "__typename": "ComponentLinkButton", "linkButtonUrl": "https://x", "linkButtonLabel": "X" } ] }])),
            (json!(null), json!([])),
        ];
        for (input, expected) in cases {
            assert_eq!(as_output(&input), expected, "{input}");
        }
    }
}

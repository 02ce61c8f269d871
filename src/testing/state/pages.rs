//! Relay connections as Plain pages them: `first`/`after` forward or
//! `last`/`before` backward (never both), at most 100 a page, opaque
//! cursors. Items come in the order of their ids, which is the order they
//! were made (ids are ULIDs).

use serde_json::{json, Map, Value};

/// Plain's largest page.
pub(super) const MAX_PAGE: i64 = 100;
/// The page size when neither `first` nor `last` is given.
pub(super) const DEFAULT_PAGE: i64 = 25;
/// Marks our cursors, so that another string is refused rather than misread.
const CURSOR_PREFIX: &str = "mpc1";

/// The connection arguments of a list query.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct PageArgs {
    pub first: Option<i64>,
    pub after: Option<String>,
    pub last: Option<i64>,
    pub before: Option<String>,
}

impl PageArgs {
    /// The arguments as the request gave them (absent or null: `None`).
    pub(super) fn from_arguments(argument: impl Fn(&str) -> Option<Value>) -> PageArgs {
        let int = |name: &str| argument(name).and_then(|v| v.as_i64());
        let text = |name: &str| argument(name).and_then(|v| v.as_str().map(str::to_owned));
        PageArgs {
            first: int("first"),
            after: text("after"),
            last: int("last"),
            before: text("before"),
        }
    }
}

/// Every entity of `entities` (by id), as the items of a connection.
pub(super) fn items<'a>(
    entities: impl IntoIterator<Item = (&'a String, &'a Map<String, Value>)>,
) -> Vec<(String, Value)> {
    entities
        .into_iter()
        .map(|(id, entity)| (id.clone(), Value::Object(entity.clone())))
        .collect()
}

/// `Ok` when `filters` gives none (for a list the workspace does not
/// filter); a filter is refused, never ignored.
pub(super) fn no_filters(filters: &Value, list: &str) -> Result<(), String> {
    match filters
        .as_object()
        .into_iter()
        .flatten()
        .find(|(_, value)| !value.is_null())
    {
        Some((key, _)) => Err(format!("MockPlain does not filter {list} by {key}")),
        None => Ok(()),
    }
}

/// An item's cursor: its id, hex-encoded behind a marker.
pub(super) fn cursor(id: &str) -> String {
    let mut out = String::from(CURSOR_PREFIX);
    for byte in id.bytes() {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The id a cursor stands for, or why it is not one of ours.
fn decode(cursor: &str) -> Result<String, String> {
    let not_ours = || format!("{cursor:?} is not a cursor this connection gave");
    let hex = cursor.strip_prefix(CURSOR_PREFIX).ok_or_else(not_ours)?;
    if hex.len() % 2 != 0 || hex.len() > 400 {
        return Err(not_ours());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| not_ours())?;
    String::from_utf8(bytes).map_err(|_| not_ours())
}

/// One page of `items` (`(id, node)` in id order) as a connection:
/// `edges { cursor node }`, `pageInfo` and `totalCount` (all the items).
pub(super) fn page(items: Vec<(String, Value)>, args: &PageArgs) -> Result<Value, String> {
    let forward = args.first.is_some() || args.after.is_some();
    let backward = args.last.is_some() || args.before.is_some();
    if forward && backward {
        return Err("first/after and last/before cannot be combined".to_owned());
    }
    for (name, size) in [("first", args.first), ("last", args.last)] {
        if let Some(size) = size {
            if !(0..=MAX_PAGE).contains(&size) {
                return Err(format!(
                    "{name} must be between 0 and {MAX_PAGE}, not {size}"
                ));
            }
        }
    }
    let total = items.len();
    let after = args.after.as_deref().map(decode).transpose()?;
    let before = args.before.as_deref().map(decode).transpose()?;
    let start = after.map_or(0, |after| items.partition_point(|(id, _)| *id <= after));
    let end = before.map_or(total, |before| {
        items.partition_point(|(id, _)| *id < before)
    });
    let end = end.max(start);
    let (from, to) = if backward {
        let size = usize::try_from(args.last.unwrap_or(DEFAULT_PAGE)).unwrap_or(0);
        (end.saturating_sub(size).max(start), end)
    } else {
        let size = usize::try_from(args.first.unwrap_or(DEFAULT_PAGE)).unwrap_or(0);
        (start, (start + size).min(end))
    };
    let edges: Vec<Value> = items[from..to]
        .iter()
        .map(|(id, node)| json!({ "cursor": cursor(id), "node": node }))
        .collect();
    let mut page_info = Map::new();
    // Whether items exist beyond the page, whichever way it was asked.
    page_info.insert("hasNextPage".into(), json!(to < total));
    page_info.insert("hasPreviousPage".into(), json!(from > 0));
    page_info.insert(
        "startCursor".into(),
        edges.first().map_or(Value::Null, |e| e["cursor"].clone()),
    );
    page_info.insert(
        "endCursor".into(),
        edges.last().map_or(Value::Null, |e| e["cursor"].clone()),
    );
    Ok(json!({ "edges": edges, "pageInfo": page_info, "totalCount": total }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<(String, Value)> {
        (0..n)
            .map(|i| (format!("th_{i:02}"), json!({ "id": format!("th_{i:02}") })))
            .collect()
    }

    fn ids(page: &Value) -> Vec<String> {
        page["edges"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["node"]["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn pages_forward_and_backward_by_cursor() {
        let all = items(5);
        let args = |first, after: Option<&str>, last, before: Option<&str>| PageArgs {
            first,
            after: after.map(cursor),
            last,
            before: before.map(cursor),
        };
        #[rustfmt::skip]
        let cases = [
            (args(Some(2), None, None, None),          vec!["th_00", "th_01"], true, false),
            (args(Some(2), Some("th_01"), None, None), vec!["th_02", "th_03"], true, true),
            (args(Some(2), Some("th_03"), None, None), vec!["th_04"], false, true),
            (args(Some(9), Some("th_04"), None, None), vec![], false, true),
            (args(None, None, Some(2), None),          vec!["th_03", "th_04"], false, true),
            (args(None, None, Some(2), Some("th_03")), vec!["th_01", "th_02"], true, true),
            (args(None, None, Some(9), Some("th_01")), vec!["th_00"], true, false),
            (args(None, None, None, None),             vec!["th_00", "th_01", "th_02", "th_03", "th_04"], false, false),
        ];
        for (args, expected, next, previous) in cases {
            let page = page(all.clone(), &args).expect("a page");
            assert_eq!(ids(&page), expected, "{args:?}");
            assert_eq!(page["pageInfo"]["hasNextPage"], next, "{args:?}");
            assert_eq!(page["pageInfo"]["hasPreviousPage"], previous, "{args:?}");
            assert_eq!(page["totalCount"], 5);
        }
    }

    #[test]
    fn bad_arguments_are_refused() {
        #[rustfmt::skip]
        let cases = [
            (PageArgs { first: Some(101), ..PageArgs::default() }, "between 0 and 100"),
            (PageArgs { last: Some(-1), ..PageArgs::default() }, "between 0 and 100"),
            (PageArgs { first: Some(1), before: Some(cursor("x")), ..PageArgs::default() }, "cannot be combined"),
            (PageArgs { after: Some("th_01".into()), ..PageArgs::default() }, "not a cursor"),
            (PageArgs { after: Some("mpc1zz".into()), ..PageArgs::default() }, "not a cursor"),
        ];
        for (args, problem) in cases {
            let refused = page(items(3), &args).expect_err("refused");
            assert!(refused.contains(problem), "{args:?}: {refused}");
        }
        assert_eq!(decode(&cursor("th_01")).as_deref(), Ok("th_01"));
    }
}

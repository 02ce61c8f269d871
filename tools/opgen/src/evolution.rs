//! Schemas derived from Plain's, to prove in CI what the next real one will
//! do: [`next`] makes additive changes of every kind Plain makes (on types
//! the curated operations use), [`breaking`] makes breaking ones on
//! generated operations. `scripts/schema-round-trip` regenerates the crate
//! from each and builds it and a dependent crate written against today's API.
//!
//! The edits are textual, on the SDL as Plain publishes it: one definition
//! per block, `}` alone on the line that closes it.

/// Plain's schema with an addition of each kind: optional input fields on
/// `UserIdentifierInput` and `CreateThreadEventInput`, union members
/// (`EventComponent` gains `ComponentContainer`, `ThreadStatusDetail` a new
/// type), an enum value on a field the example reads
/// (`ComponentSpacerSize`), optional arguments on the `customers` and
/// `snippets` connections, a root field, and an output field on
/// `ThreadEvent`. New names start with `sdkRoundTrip`, so no schema of
/// Plain's has them already; every edit applies once (deriving twice gives
/// the same schema).
pub fn next(schema: &str) -> Result<String, String> {
    let mut text = schema.to_owned();
    add_field(
        &mut text,
        "input UserIdentifierInput {",
        "sdkRoundTripMachineUserId: ID",
    )?;
    add_field(
        &mut text,
        "input CreateThreadEventInput {",
        "sdkRoundTripIsCollapsed: Boolean",
    )?;
    add_union_member(&mut text, "EventComponent", "ComponentContainer")?;
    if !text.contains("\ntype SdkRoundTripStatusDetail {\n") {
        text.push_str(
            "\ntype SdkRoundTripStatusDetail {\n  statusChangedAt: DateTime!\n  escalationPathId: ID\n}\n",
        );
    }
    add_union_member(&mut text, "ThreadStatusDetail", "SdkRoundTripStatusDetail")?;
    add_field(
        &mut text,
        "enum ComponentSpacerSize {",
        "SDK_ROUND_TRIP_XXL",
    )?;
    add_argument(
        &mut text,
        "customers(",
        "sdkRoundTripIncludeDeleted: Boolean",
    )?;
    add_argument(
        &mut text,
        "snippets(",
        "sdkRoundTripIncludeDeleted: Boolean",
    )?;
    add_field(&mut text, "type Query {", "sdkRoundTripHealth: String")?;
    add_field(
        &mut text,
        "type ThreadEvent {",
        "sdkRoundTripIsCollapsed: Boolean",
    )?;
    Ok(text)
}

/// Plain's schema with breaking changes on generated operations: the root
/// field `snippet` removed, a required `folderId` on `CreateSnippetInput`,
/// `Snippet.path` removed, and the value `XS` of `ComponentSpacerSize` removed.
pub fn breaking(schema: &str) -> Result<String, String> {
    let mut text = schema.to_owned();
    remove_line(&mut text, "type Query {", "  snippet(")?;
    add_field(&mut text, "input CreateSnippetInput {", "folderId: ID!")?;
    remove_line(&mut text, "type Snippet {", "  path: ")?;
    remove_line(&mut text, "enum ComponentSpacerSize {", "  XS")?;
    Ok(text)
}

/// The byte range of the block that starts with the line `header` and ends
/// with its closing `}` line.
fn block(text: &str, header: &str) -> Result<std::ops::Range<usize>, String> {
    let starts: Vec<usize> = text
        .match_indices(&format!("\n{header}\n"))
        .map(|(i, _)| i + 1)
        .collect();
    let [start] = starts.as_slice() else {
        return Err(format!("`{header}` is defined {} times", starts.len()));
    };
    let end = text[*start..]
        .find("\n}\n")
        .ok_or_else(|| format!("`{header}` is not closed"))?;
    Ok(*start..start + end + 3)
}

/// Adds `line` (indented) as the first member of the block `header`, unless
/// a member of that name is there already.
pub fn add_field(text: &mut String, header: &str, line: &str) -> Result<(), String> {
    let range = block(text, header)?;
    let name = line.split([':', '(']).next().unwrap_or(line).trim();
    let present = text[range.clone()].lines().any(|l| {
        let l = l.trim_start();
        l == name || l.starts_with(&format!("{name}:")) || l.starts_with(&format!("{name}("))
    });
    if present {
        return Ok(());
    }
    let insert_at = range.start + header.len() + 1;
    text.insert_str(insert_at, &format!("  {line}\n"));
    Ok(())
}

/// Removes the one line of the block `header` that starts with `prefix`.
pub fn remove_line(text: &mut String, header: &str, prefix: &str) -> Result<(), String> {
    let range = block(text, header)?;
    let block_text = &text[range.clone()];
    let mut found = Vec::new();
    let mut at = 0;
    for line in block_text.split_inclusive('\n') {
        if line.starts_with(prefix) {
            found.push(at..at + line.len());
        }
        at += line.len();
    }
    let [line] = found.as_slice() else {
        return Err(format!(
            "{} lines of `{header}` start with {prefix:?}",
            found.len()
        ));
    };
    text.replace_range(range.start + line.start..range.start + line.end, "");
    Ok(())
}

/// Adds `member` to the union `name` (a one-line `union X = A | B`), unless
/// it is a member already.
pub fn add_union_member(text: &mut String, name: &str, member: &str) -> Result<(), String> {
    let prefix = format!("\nunion {name} = ");
    let start = text
        .find(&prefix)
        .ok_or_else(|| format!("union {name} is not defined"))?;
    let end = start
        + 1
        + text[start + 1..]
            .find('\n')
            .unwrap_or(text.len() - start - 1);
    let members = &text[start + prefix.len()..end];
    if members.split('|').any(|m| m.trim() == member) {
        return Ok(());
    }
    text.insert_str(end, &format!(" | {member}"));
    Ok(())
}

/// Adds `argument` first to the one root field whose line starts with
/// `field_start` (`customers(`), unless it is there already.
pub fn add_argument(text: &mut String, field_start: &str, argument: &str) -> Result<(), String> {
    let needle = format!("\n  {field_start}");
    let starts: Vec<usize> = text
        .match_indices(&needle)
        .map(|(i, _)| i + needle.len())
        .collect();
    let [at] = starts.as_slice() else {
        return Err(format!(
            "{} fields start with {field_start:?}",
            starts.len()
        ));
    };
    let line_end = text[*at..].find('\n').map_or(text.len(), |i| at + i);
    let name = argument.split(':').next().unwrap_or(argument).trim();
    if text[*at..line_end].contains(&format!("{name}:")) {
        return Ok(());
    }
    text.insert_str(*at, &format!("{argument}, "));
    Ok(())
}

/// Replaces the one occurrence of `from`.
pub fn edit_once(text: &mut String, from: &str, to: &str) -> Result<(), String> {
    match text.matches(from).count() {
        1 => {
            *text = text.replacen(from, to, 1);
            Ok(())
        }
        n => Err(format!("{from:?} occurs {n} times")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = "\ntype Query {\n  a: Int\n  snippet(id: ID!): Int\n}\n\nunion U = A | B\n\nenum E {\n  XS\n  M\n}\n";

    #[test]
    fn edits() {
        let mut text = SDL.to_owned();
        add_field(&mut text, "type Query {", "b: String").unwrap();
        remove_line(&mut text, "type Query {", "  snippet(").unwrap();
        add_union_member(&mut text, "U", "C").unwrap();
        remove_line(&mut text, "enum E {", "  XS").unwrap();
        assert_eq!(
            text,
            "\ntype Query {\n  b: String\n  a: Int\n}\n\nunion U = A | B | C\n\nenum E {\n  M\n}\n"
        );
        // Every addition applies once.
        let again = text.clone();
        add_field(&mut text, "type Query {", "b: String").unwrap();
        add_union_member(&mut text, "U", "C").unwrap();
        assert_eq!(text, again);
        assert!(add_field(&mut text, "type Missing {", "x: Int").is_err());
        assert!(remove_line(&mut text, "enum E {", "  XS").is_err());
        assert!(add_union_member(&mut text, "V", "C").is_err());
        assert!(edit_once(&mut text, "nothing here", "x").is_err());
    }
}

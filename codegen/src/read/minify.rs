//! Shrinks a GraphQL document to the bytes that matter on the wire.
//!
//! Comments, commas and redundant whitespace are insignificant in GraphQL;
//! dropping them makes every request smaller without changing its meaning.

/// Returns `source` with comments, commas and redundant whitespace removed.
pub fn minify(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    // Whether the last emitted token was a name or number, which needs a
    // separating space before another name or number.
    let mut last_was_word = false;

    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => i += 3, // BOM
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let end = string_end(bytes, i);
                out.push_str(&source[i..end]);
                i = end;
                last_was_word = false;
            }
            c if is_word_byte(c) || c == b'-' => {
                let start = i;
                i += 1;
                while i < bytes.len() && (is_word_byte(bytes[i]) || bytes[i] == b'.') {
                    // A '.' is only part of a number (1.5), never of a name.
                    if bytes[i] == b'.' && !bytes[start].is_ascii_digit() && bytes[start] != b'-' {
                        break;
                    }
                    i += 1;
                }
                if last_was_word {
                    out.push(' ');
                }
                out.push_str(&source[start..i]);
                last_was_word = true;
            }
            _ => {
                // Punctuators, including the three-byte spread `...`.
                let len = if bytes[i..].starts_with(b"...") { 3 } else { 1 };
                let end = (i + len).min(bytes.len());
                // Keep any multi-byte UTF-8 character whole.
                let end = (end..=bytes.len())
                    .find(|&e| source.is_char_boundary(e))
                    .unwrap_or(bytes.len());
                out.push_str(&source[i..end]);
                i = end;
                last_was_word = false;
            }
        }
    }
    out
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'+'
}

/// Index just past the string literal that starts at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes[i] == b'\\' && bytes[i..].starts_with(b"\\\"\"\"") {
                i += 4;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

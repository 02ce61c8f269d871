//! Where a value sits in a tree of fields and lists (a webhook's JSON, a
//! tree of UI components), as `payload.thread.createdBy` or
//! `components[2].linkButtonLabel`: the one path type behind the errors of
//! `ui` and `webhooks`.
//!
//! Each location borrows its parent, so walking a tree costs nothing and a
//! path string is built only for an error.

/// A location: the top, or one step (a field, an index) below a parent.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Top,
    Key(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    /// The top of the tree; its path is empty.
    pub(crate) const ROOT: At<'static> = At {
        parent: None,
        step: Step::Top,
    };

    /// The field `key` of the object here.
    pub(crate) fn key(&'a self, key: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            step: Step::Key(key),
        }
    }

    /// The item `index` of the list here.
    pub(crate) fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            step: Step::Index(index),
        }
    }

    /// The path from the top: fields joined by `.`, indexes in brackets.
    pub(crate) fn render(&self) -> String {
        use std::fmt::Write as _;

        let mut steps = Vec::new();
        let mut here = Some(self);
        while let Some(at) = here {
            steps.push(at.step);
            here = at.parent;
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            match step {
                Step::Top => {}
                Step::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Step::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::At;

    #[test]
    fn paths_render_as_written_in_errors() {
        let root = At::ROOT;
        assert_eq!(root.render(), "");
        let components = root.key("components");
        let third = components.index(2);
        assert_eq!(
            third.key("linkButtonLabel").render(),
            "components[2].linkButtonLabel"
        );
        let list = root.index(0);
        assert_eq!(list.index(1).render(), "[0][1]");
        let payload = root.key("payload");
        assert_eq!(payload.key("thread").render(), "payload.thread");
    }
}

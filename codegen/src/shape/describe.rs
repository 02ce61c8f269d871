//! Rustdoc for the generated types: Plain's schema descriptions, and for
//! every type, field and variant the GraphQL it comes from
//! (`ThreadEvent.title: String!`), so any Rust item maps to Plain's API
//! reference. `@deprecated(reason:)` becomes `#[deprecated(note = …)]` on
//! fields, variants and setters.

use crate::layout::variant_name;
use crate::read::documents::Documents;
use crate::read::schema::{FieldInfo, SchemaInfo, TypeInfo, TypeKind};
use crate::shape::hoist::{item_name, Hoisted};
use crate::shape::origins::{field_graphql_name, innermost, is_flatten, Origin, Origins, Scope};

/// Adds docs and deprecations to every generated item.
pub fn describe(hoisted: &mut Hoisted, origins: &Origins, schema: &SchemaInfo, docs: &Documents) {
    let context = Context { origins, schema };
    for item in &mut hoisted.shared {
        context.item(item, Scope::Shared, None);
    }
    for (index, (op, doc_op)) in hoisted
        .operations
        .iter_mut()
        .zip(&docs.operations)
        .enumerate()
    {
        let root = Some(doc_op.root_field.as_str());
        for item in &mut op.local {
            context.item(item, Scope::Local(index), root);
        }
    }
}

struct Context<'a> {
    origins: &'a Origins,
    schema: &'a SchemaInfo,
}

impl Context<'_> {
    fn item(&self, item: &mut syn::Item, scope: Scope, root_field: Option<&str>) {
        let origin = item_name(item).and_then(|name| self.origins.get(scope, &name).cloned());
        match item {
            syn::Item::Struct(s) => {
                let Some(origin) = origin else {
                    push_doc(
                        &mut s.attrs,
                        &[" A type of the operation's response.".to_string()],
                    );
                    return;
                };
                push_doc(&mut s.attrs, &self.type_doc(&origin));
                for field in s.fields.iter_mut() {
                    self.field(field, &origin, scope, root_field);
                }
            }
            syn::Item::Enum(e) => {
                let Some(origin) = origin else { return };
                push_doc(&mut e.attrs, &self.type_doc(&origin));
                let enum_type = match &origin {
                    Origin::Enum(name) => self.schema.type_info(name),
                    _ => None,
                };
                let members_of = origin.fields_of().unwrap_or_default().to_string();
                for variant in e.variants.iter_mut() {
                    let ident = variant.ident.to_string();
                    let lines = match (&origin, ident.as_str(), &variant.fields) {
                        (Origin::Enum(name), "Other", syn::Fields::Unnamed(_)) => vec![format!(
                            " A value of `{name}` this version of plain-sdk does not know, as Plain sent it."
                        )],
                        (Origin::Enum(name), _, _) => {
                            let value = enum_type.and_then(|t| {
                                t.values.iter().find(|v| variant_name(&v.name) == ident)
                            });
                            if let Some(reason) = value.and_then(|v| v.deprecated.as_deref()) {
                                deprecate(&mut variant.attrs, reason);
                            }
                            let mut lines = described(value.and_then(|v| v.description.as_deref()));
                            lines.push(format!(
                                " GraphQL: `{name}.{}`.",
                                value.map(|v| v.name.as_str()).unwrap_or(&ident)
                            ));
                            lines
                        }
                        (_, "Unknown", syn::Fields::Unit) => vec![format!(
                            " A type of `{members_of}` this version of plain-sdk does not know (Plain added it later)."
                        )],
                        _ => {
                            let member = self.schema.graphql_type_name(&ident);
                            let mut lines = described(
                                self.schema.type_info(member).and_then(|t| t.description.as_deref()),
                            );
                            lines.push(format!(" GraphQL: `{member}`, a type of `{members_of}`."));
                            lines
                        }
                    };
                    push_doc(&mut variant.attrs, &lines);
                }
            }
            syn::Item::Const(c) => {
                let doc = match c.ident.to_string().as_str() {
                    "OPERATION_NAME" => " The operation's name, sent as `operationName`.",
                    "QUERY" => " The GraphQL document sent, with its fragments, minified.",
                    _ => return,
                };
                push_doc(&mut c.attrs, &[doc.to_string()]);
                // Public for code, off the docs: the method links the document
                // already, and 2 × 446 pages of constants add nothing to read.
                c.attrs.push(syn::parse_quote!(#[doc(hidden)]));
            }
            syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                let ty = &t.ty;
                let target = quote::quote!(#ty).to_string();
                push_doc(&mut t.attrs, &[format!(" Another name of `{target}`.")]);
            }
            syn::Item::Impl(imp) => self.setters(imp, scope),
            _ => {}
        }
    }

    /// The doc of a generated type.
    fn type_doc(&self, origin: &Origin) -> Vec<String> {
        let type_line = |name: &str| {
            let keyword = self
                .schema
                .type_info(name)
                .map(|t| t.kind.keyword())
                .unwrap_or("type");
            format!("`{keyword} {name}`")
        };
        let description_of = |name: &str| {
            described(
                self.schema
                    .type_info(name)
                    .and_then(|t| t.description.as_deref()),
            )
        };
        match origin {
            Origin::Selection { on } => {
                let mut lines = description_of(on);
                lines.push(format!(" GraphQL: {}, the fields this operation selects.", type_line(on)));
                lines
            }
            Origin::Fragment { name, on } => {
                let mut lines = description_of(on);
                lines.push(format!(" GraphQL: fragment `{name}` on {}.", type_line(on)));
                lines
            }
            Origin::Input(name) | Origin::Enum(name) => {
                let mut lines = description_of(name);
                lines.push(format!(" GraphQL: {}.", type_line(name)));
                lines
            }
            Origin::Variables { operation } => vec![format!(
                " The variables of the operation [`crate::operations::{operation}`]: \
                 `Variables::new` takes the required ones, setters the others."
            )],
            Origin::Response { operation, root } => vec![format!(
                " The `data` of a response to [`crate::operations::{operation}`]: fields of `type {root}`."
            )],
        }
    }

    fn field(
        &self,
        field: &mut syn::Field,
        origin: &Origin,
        scope: Scope,
        root_field: Option<&str>,
    ) {
        let Some(name) = field_graphql_name(field) else {
            return;
        };
        if name == "__typename" {
            push_doc(
                &mut field.attrs,
                &[" GraphQL: `__typename`, the name of the value's type.".to_string()],
            );
            return;
        }
        if is_flatten(field) {
            let child = innermost(&field.ty).unwrap_or_default();
            push_doc(
                &mut field.attrs,
                &[format!(" The fields of fragment `{child}`, spread here.")],
            );
            return;
        }
        if let Origin::Variables { .. } = origin {
            let declared = match scope {
                Scope::Local(index) => self.origins.variables.get(index).and_then(|v| v.get(&name)),
                Scope::Shared => None,
            };
            let argument = root_field.and_then(|root| {
                let (root_type, root) = [("Mutation", true), ("Query", false)]
                    .into_iter()
                    .find_map(|(t, m)| self.schema.root_field(m, root).map(|f| (t, f)))?;
                let argument = root.arguments.iter().find(|a| a.name == name)?;
                Some((root_type, root, argument))
            });
            let mut lines = described(argument.and_then(|(_, _, a)| a.description.as_deref()));
            let declared = declared.map(|t| format!(": {t}")).unwrap_or_default();
            lines.push(match argument {
                Some((root_type, root, _)) => format!(
                    " GraphQL: `${name}{declared}`, argument `{name}` of `{root_type}.{}`.",
                    root.name
                ),
                None => format!(" GraphQL: variable `${name}{declared}`."),
            });
            push_doc(&mut field.attrs, &lines);
            return;
        }
        let Some(type_name) = origin.fields_of() else {
            return;
        };
        let info = self.origins.schema_field(self.schema, type_name, &name);
        if let Some(reason) = info.and_then(|(f, _)| f.deprecated.as_deref()) {
            deprecate(&mut field.attrs, reason);
        }
        push_doc(&mut field.attrs, &field_doc(type_name, &name, info));
    }

    /// Deprecations on the setters of an input's deprecated fields.
    fn setters(&self, imp: &mut syn::ItemImpl, scope: Scope) {
        let syn::Type::Path(path) = &*imp.self_ty else {
            return;
        };
        let Some(name) = path.path.get_ident().map(|i| i.to_string()) else {
            return;
        };
        let Some(Origin::Input(input)) = self.origins.get(scope, &name) else {
            return;
        };
        let Some(TypeInfo {
            kind: TypeKind::Input,
            fields,
            ..
        }) = self.schema.type_info(input)
        else {
            return;
        };
        for item in imp.items.iter_mut() {
            let syn::ImplItem::Fn(method) = item else {
                continue;
            };
            let method_name = method.sig.ident.to_string();
            let field = fields
                .iter()
                .find(|f| crate::layout::field_name(&f.name) == method_name);
            if let Some(reason) = field.and_then(|f| f.deprecated.as_deref()) {
                deprecate(&mut method.attrs, reason);
            }
        }
    }
}

/// The doc of field `name` of `type_name`: its description, then its
/// GraphQL (with the field's real name when `name` is an alias).
pub fn field_doc(
    type_name: &str,
    name: &str,
    info: Option<(&FieldInfo, Option<&str>)>,
) -> Vec<String> {
    let mut lines = described(info.and_then(|(f, _)| f.description.as_deref()));
    lines.push(match info {
        Some((f, None)) => format!(" GraphQL: `{type_name}.{name}: {}`.", f.ty),
        Some((f, Some(real))) => format!(
            " GraphQL: `{type_name}.{real}: {}`, selected as `{name}`.",
            f.ty
        ),
        None => format!(" GraphQL: `{name}`, selected on `{type_name}`."),
    });
    lines
}

/// A description as doc lines, followed by an empty line; none without one.
fn described(description: Option<&str>) -> Vec<String> {
    let Some(text) = description.map(str::trim).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let mut lines: Vec<String> = rustdoc_safe(text)
        .lines()
        .map(|l| format!(" {}", l.trim_end()))
        .collect();
    lines.push(String::new());
    lines
}

/// Markdown from the schema made safe for rustdoc: `[x]` is not taken for
/// a link, bare URLs become links, and a code fence is text, not a doctest.
pub fn rustdoc_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("```") {
            let indent = &line[..line.len() - line.trim_start().len()];
            let opening = !in_fence(&out);
            out.push_str(indent);
            out.push_str("```");
            if rest.trim().is_empty() && opening {
                out.push_str("text");
            } else {
                out.push_str(rest);
            }
            out.push('\n');
            continue;
        }
        if in_fence(&out) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let mut in_code = false;
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if c == '`' {
                in_code = !in_code;
            }
            if !in_code {
                if let Some(url_len) = url_at(rest) {
                    out.push('<');
                    out.push_str(&rest[..url_len]);
                    out.push('>');
                    rest = &rest[url_len..];
                    continue;
                }
                if matches!(c, '[' | ']' | '<' | '>') {
                    out.push('\\');
                }
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out.push('\n');
    }
    out
}

/// Whether `text` ends inside a fenced code block (an odd number of fences).
fn in_fence(text: &str) -> bool {
    text.lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count()
        % 2
        == 1
}

/// The length of the URL at the start of `text`, if one starts there.
fn url_at(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    // A sentence's final punctuation is not part of the URL.
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

fn push_doc(attrs: &mut Vec<syn::Attribute>, lines: &[String]) {
    let docs: Vec<syn::Attribute> = lines
        .iter()
        .map(|line| syn::parse_quote!(#[doc = #line]))
        .collect();
    attrs.splice(0..0, docs);
}

fn deprecate(attrs: &mut Vec<syn::Attribute>, reason: &str) {
    attrs.push(syn::parse_quote!(#[deprecated(note = #reason)]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_markdown_is_made_safe_for_rustdoc() {
        let cases = [
            (
                "Defaults to [TODO, IN_PROGRESS]",
                "Defaults to \\[TODO, IN_PROGRESS\\]\n",
            ),
            (
                "see https://www.plain.com/docs.",
                "see <https://www.plain.com/docs>.\n",
            ),
            (
                "must start with `https://` and `[x]`",
                "must start with `https://` and `[x]`\n",
            ),
            (
                "(https://api.slack.com/block-kit) sent",
                "(<https://api.slack.com/block-kit>) sent\n",
            ),
            ("a <b> tag", "a \\<b\\> tag\n"),
            ("```\n[a]\n```", "```text\n[a]\n```\n"),
        ];
        for (input, expected) in cases {
            assert_eq!(rustdoc_safe(input), expected, "{input:?}");
        }
    }

    #[test]
    fn fields_name_their_graphql_origin() {
        let info = FieldInfo {
            name: "title".into(),
            ty: "String!".into(),
            named: "String".into(),
            description: Some("The title.".into()),
            deprecated: None,
            arguments: Vec::new(),
        };
        assert_eq!(
            field_doc("ThreadEvent", "title", Some((&info, None))),
            [" The title.", "", " GraphQL: `ThreadEvent.title: String!`."]
        );
        assert_eq!(
            field_doc("ThreadEvent", "heading", Some((&info, Some("title")))),
            [
                " The title.",
                "",
                " GraphQL: `ThreadEvent.title: String!`, selected as `heading`."
            ]
        );
        assert_eq!(
            field_doc("ThreadEvent", "heading", None),
            [" GraphQL: `heading`, selected on `ThreadEvent`."]
        );
    }
}

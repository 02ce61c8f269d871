//! Structural edits of a schema's SDL, for deriving schemas from Plain's:
//! each edit finds what it changes by kind and name (a type, a field, an
//! argument, a value), never by matching text, so a derivation keeps working
//! when Plain rewords a description or reorders a definition.
//!
//! What an edit adds is written as SDL (`"isCollapsed: Boolean"`,
//! `"@deprecated(reason: \"…\")"`) and parsed, so it is checked as GraphQL.

use apollo_compiler::ast::{self, Definition, Document};
use apollo_compiler::{Name, Node};

/// A schema document being edited.
#[derive(Debug, Clone)]
pub struct Sdl {
    doc: Document,
}

/// Where a member is added.
fn named(definition: &Definition) -> Option<&Name> {
    match definition {
        Definition::ObjectTypeDefinition(d) => Some(&d.name),
        Definition::InterfaceTypeDefinition(d) => Some(&d.name),
        Definition::UnionTypeDefinition(d) => Some(&d.name),
        Definition::EnumTypeDefinition(d) => Some(&d.name),
        Definition::InputObjectTypeDefinition(d) => Some(&d.name),
        Definition::ScalarTypeDefinition(d) => Some(&d.name),
        Definition::DirectiveDefinition(d) => Some(&d.name),
        _ => None,
    }
}

fn parse_document(text: &str, what: &str) -> Result<Document, String> {
    Document::parse(text, what).map_err(|e| format!("{what}: {}", e.errors))
}

/// The one member `pick` finds in the definition `wrapper` makes of `sdl`
/// (`type X { <sdl> }`): how an edit's SDL snippet is parsed.
fn parse_one<T: Clone>(
    sdl: &str,
    wrapper: &str,
    (what, one): (&str, &str),
    pick: impl FnOnce(Definition) -> Option<Vec<T>>,
) -> Result<T, String> {
    let doc = parse_document(&wrapper.replace("{}", sdl), &format!("the {what} to add"))?;
    match doc.definitions.into_iter().next().and_then(pick).as_deref() {
        Some([found]) => Ok(found.clone()),
        _ => Err(format!("`{sdl}` is not one {one}")),
    }
}

/// The field written as `field` (`name(args): Type`).
fn parse_field(field: &str) -> Result<Node<ast::FieldDefinition>, String> {
    parse_one(
        field,
        "type X { {} }",
        ("field", "field definition"),
        |d| match d {
            Definition::ObjectTypeDefinition(d) => Some(d.fields.clone()),
            _ => None,
        },
    )
}

/// The input value written as `value` (`name: Type = default`).
fn parse_input_value(value: &str) -> Result<Node<ast::InputValueDefinition>, String> {
    parse_one(
        value,
        "input X { {} }",
        ("input value", "input value definition"),
        |d| match d {
            Definition::InputObjectTypeDefinition(d) => Some(d.fields.clone()),
            _ => None,
        },
    )
}

/// The directive written as `directive` (`@deprecated(reason: "…")`).
fn parse_directive(directive: &str) -> Result<Node<ast::Directive>, String> {
    parse_one(
        directive,
        "scalar X {}",
        ("directive", "directive"),
        |d| match d {
            Definition::ScalarTypeDefinition(d) => Some(d.directives.0.clone()),
            _ => None,
        },
    )
}

/// The members, by kind, that edits reach into.
enum Fields<'a> {
    Output(&'a mut Vec<Node<ast::FieldDefinition>>),
    Input(&'a mut Vec<Node<ast::InputValueDefinition>>),
}

impl Sdl {
    /// Parses `text` (checked as GraphQL syntax, not validated as a schema).
    pub fn parse(text: &str) -> Result<Sdl, String> {
        Ok(Sdl {
            doc: parse_document(text, "schema")?,
        })
    }

    /// The edited schema as SDL.
    pub fn print(&self) -> String {
        self.doc.to_string()
    }

    fn definition_mut(&mut self, name: &str) -> Result<&mut Definition, String> {
        let mut found = self
            .doc
            .definitions
            .iter_mut()
            .filter(|d| named(d).is_some_and(|n| n == name));
        let first = found
            .next()
            .ok_or_else(|| format!("`{name}` is not defined"))?;
        if found.next().is_some() {
            return Err(format!("`{name}` is defined more than once"));
        }
        Ok(first)
    }

    fn defines(&self, name: &str) -> bool {
        self.doc
            .definitions
            .iter()
            .any(|d| named(d).is_some_and(|n| n == name))
    }

    fn fields_mut(&mut self, ty: &str) -> Result<Fields<'_>, String> {
        Ok(match self.definition_mut(ty)? {
            Definition::ObjectTypeDefinition(d) => Fields::Output(&mut d.make_mut().fields),
            Definition::InterfaceTypeDefinition(d) => Fields::Output(&mut d.make_mut().fields),
            Definition::InputObjectTypeDefinition(d) => Fields::Input(&mut d.make_mut().fields),
            _ => return Err(format!("`{ty}` has no fields")),
        })
    }

    /// Adds every definition of `sdl` whose name is not defined yet.
    pub fn add_definitions(&mut self, sdl: &str) -> Result<(), String> {
        let added = parse_document(sdl, "the definitions to add")?;
        for definition in added.definitions {
            let new = named(&definition).is_some_and(|n| !self.defines(n));
            if new {
                self.doc.definitions.push(definition);
            }
        }
        Ok(())
    }

    /// Removes the definition of `name`.
    pub fn remove_definition(&mut self, name: &str) -> Result<(), String> {
        self.definition_mut(name)?;
        self.doc
            .definitions
            .retain(|d| named(d).is_none_or(|n| n != name));
        Ok(())
    }

    /// Turns the object type `name` into an interface with the same fields.
    pub fn object_to_interface(&mut self, name: &str) -> Result<(), String> {
        let definition = self.definition_mut(name)?;
        let Definition::ObjectTypeDefinition(object) = definition else {
            return Err(format!("`{name}` is not an object type"));
        };
        let interface = ast::InterfaceTypeDefinition {
            description: object.description.clone(),
            name: object.name.clone(),
            implements_interfaces: object.implements_interfaces.clone(),
            directives: object.directives.clone(),
            fields: object.fields.clone(),
        };
        *definition = Definition::InterfaceTypeDefinition(Node::new(interface));
        Ok(())
    }

    /// Adds the field `field` (SDL: `name(args): Type`, or for an input
    /// object `name: Type = default`) to `ty`, unless `ty` has a field of
    /// that name already.
    pub fn add_field(&mut self, ty: &str, field: &str) -> Result<(), String> {
        match self.fields_mut(ty)? {
            Fields::Output(fields) => {
                let new = parse_field(field)?;
                if !fields.iter().any(|f| f.name == new.name) {
                    fields.push(new);
                }
            }
            Fields::Input(fields) => {
                let new = parse_input_value(field)?;
                if !fields.iter().any(|f| f.name == new.name) {
                    fields.push(new);
                }
            }
        }
        Ok(())
    }

    /// Removes the field `field` of `ty`.
    pub fn remove_field(&mut self, ty: &str, field: &str) -> Result<(), String> {
        let removed = match self.fields_mut(ty)? {
            Fields::Output(fields) => {
                let before = fields.len();
                fields.retain(|f| f.name != field);
                before != fields.len()
            }
            Fields::Input(fields) => {
                let before = fields.len();
                fields.retain(|f| f.name != field);
                before != fields.len()
            }
        };
        removed
            .then_some(())
            .ok_or_else(|| format!("`{ty}` has no field `{field}`"))
    }

    /// Gives the field `field` of `ty` the type `type_sdl` (`String!`).
    pub fn set_field_type(&mut self, ty: &str, field: &str, type_sdl: &str) -> Result<(), String> {
        let new = parse_field(&format!("x: {type_sdl}"))?.ty.clone();
        match self.fields_mut(ty)? {
            Fields::Output(fields) => {
                let f = fields
                    .iter_mut()
                    .find(|f| f.name == field)
                    .ok_or_else(|| format!("`{ty}` has no field `{field}`"))?;
                f.make_mut().ty = new;
            }
            Fields::Input(fields) => {
                let f = fields
                    .iter_mut()
                    .find(|f| f.name == field)
                    .ok_or_else(|| format!("`{ty}` has no field `{field}`"))?;
                f.make_mut().ty = Node::new(new);
            }
        }
        Ok(())
    }

    /// Adds the argument `argument` (SDL: `name: Type = default`) to the
    /// field `field` of `ty`, unless it has one of that name already.
    pub fn add_argument(&mut self, ty: &str, field: &str, argument: &str) -> Result<(), String> {
        let new = parse_input_value(argument)?;
        let arguments = self.argument_mut(ty, field)?;
        if !arguments.iter().any(|a| a.name == new.name) {
            arguments.push(new);
        }
        Ok(())
    }

    fn argument_mut(
        &mut self,
        ty: &str,
        field: &str,
    ) -> Result<&mut Vec<Node<ast::InputValueDefinition>>, String> {
        let Fields::Output(fields) = self.fields_mut(ty)? else {
            return Err(format!(
                "`{ty}` is an input object: its fields take no arguments"
            ));
        };
        let f = fields
            .iter_mut()
            .find(|f| f.name == field)
            .ok_or_else(|| format!("`{ty}` has no field `{field}`"))?;
        Ok(&mut f.make_mut().arguments)
    }

    /// Removes the argument `argument` of the field `field` of `ty`.
    pub fn remove_argument(&mut self, ty: &str, field: &str, argument: &str) -> Result<(), String> {
        let arguments = self.argument_mut(ty, field)?;
        let before = arguments.len();
        arguments.retain(|a| a.name != argument);
        (before != arguments.len())
            .then_some(())
            .ok_or_else(|| format!("`{ty}.{field}` has no argument `{argument}`"))
    }

    /// Gives the argument `argument` of `ty.field` the type `type_sdl`.
    pub fn set_argument_type(
        &mut self,
        ty: &str,
        field: &str,
        argument: &str,
        type_sdl: &str,
    ) -> Result<(), String> {
        let new = parse_input_value(&format!("x: {type_sdl}"))?.ty.clone();
        let arguments = self.argument_mut(ty, field)?;
        let a = arguments
            .iter_mut()
            .find(|a| a.name == argument)
            .ok_or_else(|| format!("`{ty}.{field}` has no argument `{argument}`"))?;
        a.make_mut().ty = new;
        Ok(())
    }

    /// Applies `directive` (SDL: `@deprecated(reason: "…")`) to the type
    /// `ty`, or to its field (or enum value) `member`, unless a directive of
    /// that name is there already.
    pub fn add_directive(
        &mut self,
        ty: &str,
        member: Option<&str>,
        directive: &str,
    ) -> Result<(), String> {
        let new = parse_directive(directive)?;
        let add = |list: &mut ast::DirectiveList| {
            if !list.iter().any(|d| d.name == new.name) {
                list.push(new.clone());
            }
        };
        let missing = || format!("`{ty}` has no member `{}`", member.unwrap_or_default());
        match (self.definition_mut(ty)?, member) {
            (Definition::ObjectTypeDefinition(d), None) => add(&mut d.make_mut().directives),
            (Definition::InterfaceTypeDefinition(d), None) => add(&mut d.make_mut().directives),
            (Definition::InputObjectTypeDefinition(d), None) => add(&mut d.make_mut().directives),
            (Definition::EnumTypeDefinition(d), None) => add(&mut d.make_mut().directives),
            (Definition::UnionTypeDefinition(d), None) => add(&mut d.make_mut().directives),
            (Definition::ScalarTypeDefinition(d), None) => add(&mut d.make_mut().directives),
            (Definition::ObjectTypeDefinition(d), Some(m)) => {
                let field = d.make_mut().fields.iter_mut().find(|f| f.name == m);
                add(&mut field.ok_or_else(missing)?.make_mut().directives)
            }
            (Definition::InterfaceTypeDefinition(d), Some(m)) => {
                let field = d.make_mut().fields.iter_mut().find(|f| f.name == m);
                add(&mut field.ok_or_else(missing)?.make_mut().directives)
            }
            (Definition::InputObjectTypeDefinition(d), Some(m)) => {
                let field = d.make_mut().fields.iter_mut().find(|f| f.name == m);
                add(&mut field.ok_or_else(missing)?.make_mut().directives)
            }
            (Definition::EnumTypeDefinition(d), Some(m)) => {
                let value = d.make_mut().values.iter_mut().find(|v| v.value == m);
                add(&mut value.ok_or_else(missing)?.make_mut().directives)
            }
            _ => return Err(format!("`{ty}` takes no directive here")),
        }
        Ok(())
    }

    /// Adds the value `value` to the enum `ty`, unless it has it.
    pub fn add_enum_value(&mut self, ty: &str, value: &str) -> Result<(), String> {
        let Definition::EnumTypeDefinition(d) = self.definition_mut(ty)? else {
            return Err(format!("`{ty}` is not an enum"));
        };
        let name = Name::new(value).map_err(|e| e.to_string())?;
        if !d.values.iter().any(|v| v.value == name) {
            d.make_mut()
                .values
                .push(Node::new(ast::EnumValueDefinition {
                    description: None,
                    value: name,
                    directives: ast::DirectiveList::new(),
                }));
        }
        Ok(())
    }

    /// Removes the value `value` of the enum `ty`.
    pub fn remove_enum_value(&mut self, ty: &str, value: &str) -> Result<(), String> {
        let Definition::EnumTypeDefinition(d) = self.definition_mut(ty)? else {
            return Err(format!("`{ty}` is not an enum"));
        };
        let before = d.values.len();
        d.make_mut().values.retain(|v| v.value != value);
        (before != d.values.len())
            .then_some(())
            .ok_or_else(|| format!("enum `{ty}` has no value `{value}`"))
    }

    /// Adds `member` to the union `ty`, unless it is a member.
    pub fn add_union_member(&mut self, ty: &str, member: &str) -> Result<(), String> {
        let Definition::UnionTypeDefinition(d) = self.definition_mut(ty)? else {
            return Err(format!("`{ty}` is not a union"));
        };
        let name = Name::new(member).map_err(|e| e.to_string())?;
        if !d.members.contains(&name) {
            d.make_mut().members.push(name);
        }
        Ok(())
    }

    /// Removes `member` from the union `ty`.
    pub fn remove_union_member(&mut self, ty: &str, member: &str) -> Result<(), String> {
        let Definition::UnionTypeDefinition(d) = self.definition_mut(ty)? else {
            return Err(format!("`{ty}` is not a union"));
        };
        let before = d.members.len();
        d.make_mut().members.retain(|m| m != member);
        (before != d.members.len())
            .then_some(())
            .ok_or_else(|| format!("union `{ty}` has no member `{member}`"))
    }

    /// Makes the object `ty` stop implementing `interface`.
    pub fn remove_interface(&mut self, ty: &str, interface: &str) -> Result<(), String> {
        let Definition::ObjectTypeDefinition(d) = self.definition_mut(ty)? else {
            return Err(format!("`{ty}` is not an object type"));
        };
        let before = d.implements_interfaces.len();
        d.make_mut()
            .implements_interfaces
            .retain(|i| i != interface);
        (before != d.implements_interfaces.len())
            .then_some(())
            .ok_or_else(|| format!("`{ty}` does not implement `{interface}`"))
    }

    /// Makes the object or interface `ty` implement `interface`, unless it does.
    pub fn add_interface(&mut self, ty: &str, interface: &str) -> Result<(), String> {
        let name = Name::new(interface).map_err(|e| e.to_string())?;
        let list = match self.definition_mut(ty)? {
            Definition::ObjectTypeDefinition(d) => &mut d.make_mut().implements_interfaces,
            Definition::InterfaceTypeDefinition(d) => &mut d.make_mut().implements_interfaces,
            _ => return Err(format!("`{ty}` cannot implement an interface")),
        };
        if !list.contains(&name) {
            list.push(name);
        }
        Ok(())
    }

    /// Rewrites the description of `ty`, or of its field `field`.
    pub fn set_description(
        &mut self,
        ty: &str,
        field: Option<&str>,
        text: &str,
    ) -> Result<(), String> {
        let text: Option<Node<str>> = Some(Node::new_str(text));
        let missing = || format!("`{ty}` has no field `{}`", field.unwrap_or_default());
        match (self.definition_mut(ty)?, field) {
            (Definition::ObjectTypeDefinition(d), None) => d.make_mut().description = text,
            (Definition::InputObjectTypeDefinition(d), None) => d.make_mut().description = text,
            (Definition::EnumTypeDefinition(d), None) => d.make_mut().description = text,
            (Definition::UnionTypeDefinition(d), None) => d.make_mut().description = text,
            (Definition::InterfaceTypeDefinition(d), None) => d.make_mut().description = text,
            (Definition::ObjectTypeDefinition(d), Some(f)) => {
                let field = d.make_mut().fields.iter_mut().find(|x| x.name == f);
                field.ok_or_else(missing)?.make_mut().description = text
            }
            (Definition::InputObjectTypeDefinition(d), Some(f)) => {
                let field = d.make_mut().fields.iter_mut().find(|x| x.name == f);
                field.ok_or_else(missing)?.make_mut().description = text
            }
            _ => return Err(format!("`{ty}` has no description to rewrite here")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = r#"
"""The root."""
type Query {
  """Things."""
  things(first: Int): [Thing!]!
}

type Thing {
  id: ID!
  name: String
}

input ThingInput {
  id: ID
}

union Actor = Thing

enum Kind {
  A
  B
}
"#;

    #[test]
    fn edits_find_their_targets_by_name_and_apply_once() {
        let mut sdl = Sdl::parse(SDL).unwrap();
        sdl.add_definitions("interface Node { id: ID! }\nscalar JSON\n")
            .unwrap();
        sdl.add_field("Thing", "meta: JSON").unwrap();
        sdl.add_field("ThingInput", "weight: Int! = 1").unwrap();
        sdl.add_argument("Query", "things", "limit: Int! = 10")
            .unwrap();
        sdl.add_interface("Thing", "Node").unwrap();
        sdl.add_union_member("Actor", "Other").unwrap();
        sdl.add_enum_value("Kind", "C").unwrap();
        sdl.remove_enum_value("Kind", "A").unwrap();
        sdl.add_directive("ThingInput", None, "@oneOf").unwrap();
        sdl.add_directive("Thing", Some("name"), "@deprecated(reason: \"Gone.\")")
            .unwrap();
        sdl.set_description("Query", Some("things"), "All the things.")
            .unwrap();
        sdl.set_field_type("Thing", "name", "String!").unwrap();
        sdl.remove_field("Thing", "meta").unwrap();
        let once = sdl.print();
        for expected in [
            "interface Node",
            "scalar JSON",
            "weight: Int! = 1",
            "things(first: Int, limit: Int! = 10)",
            "type Thing implements Node",
            "union Actor = Thing | Other",
            "input ThingInput @oneOf",
            "name: String! @deprecated(reason: \"Gone.\")",
            "All the things.",
        ] {
            assert!(once.contains(expected), "{expected:?} in\n{once}");
        }
        assert!(
            !once.contains("meta:") && !once.contains("\n  A\n"),
            "{once}"
        );

        // Additions apply once: deriving twice gives the same schema.
        sdl.add_definitions("scalar JSON\n").unwrap();
        sdl.add_field("ThingInput", "weight: Int! = 1").unwrap();
        sdl.add_argument("Query", "things", "limit: Int! = 10")
            .unwrap();
        sdl.add_interface("Thing", "Node").unwrap();
        sdl.add_union_member("Actor", "Other").unwrap();
        sdl.add_enum_value("Kind", "C").unwrap();
        sdl.add_directive("ThingInput", None, "@oneOf").unwrap();
        assert_eq!(sdl.print(), once);
        assert_eq!(Sdl::parse(&once).unwrap().print(), once);
    }

    #[test]
    fn an_edit_that_finds_nothing_says_what() {
        let mut sdl = Sdl::parse(SDL).unwrap();
        let cases = [
            (
                sdl.clone().add_field("Missing", "x: Int"),
                "`Missing` is not defined",
            ),
            (
                sdl.clone().remove_field("Thing", "nope"),
                "`Thing` has no field `nope`",
            ),
            (
                sdl.clone().add_enum_value("Thing", "X"),
                "`Thing` is not an enum",
            ),
            (
                sdl.clone().remove_enum_value("Kind", "Z"),
                "enum `Kind` has no value `Z`",
            ),
            (
                sdl.clone().add_union_member("Kind", "X"),
                "`Kind` is not a union",
            ),
            (
                sdl.clone().add_argument("ThingInput", "id", "x: Int"),
                "take no arguments",
            ),
            (
                sdl.clone().add_field("Thing", "not a field"),
                "the field to add",
            ),
        ];
        for (result, expected) in cases {
            let err = result.unwrap_err();
            assert!(err.contains(expected), "{err:?} should say {expected:?}");
        }
        assert!(sdl.add_definitions("type {").is_err());
    }
}

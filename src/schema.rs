//! The plan format's JSON Schema (draft 2020-12), embedded in the binary,
//! and the tree of known fields that the rule checker walks so that a
//! misspelt field in a rule is reported instead of silently matching
//! nothing.

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::Value;

/// The schema text, as printed by `ieplint schema`.
pub const SCHEMA: &str = include_str!("../schema/iep-plan-1.schema.json");

/// A node of the field tree.
pub type ShapeId = usize;

/// The JSON types the schema names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `object`.
    Object,
    /// `array`.
    Array,
    /// `string`.
    Text,
    /// `number`.
    Number,
    /// `integer`.
    Integer,
    /// `boolean`.
    Boolean,
}

impl Kind {
    fn parse(word: &str) -> Option<Kind> {
        Some(match word {
            "object" => Kind::Object,
            "array" => Kind::Array,
            "string" => Kind::Text,
            "number" => Kind::Number,
            "integer" => Kind::Integer,
            "boolean" => Kind::Boolean,
            _ => return None,
        })
    }

    /// Whether a JSON value has this type.
    pub fn admits(self, v: &Value) -> bool {
        match self {
            Kind::Object => v.is_object(),
            Kind::Array => v.is_array(),
            Kind::Text => v.is_string(),
            Kind::Number => v.is_number(),
            Kind::Integer => v.as_f64().is_some_and(|n| n.fract() == 0.0),
            Kind::Boolean => v.is_boolean(),
        }
    }
}

/// What the schema says a value at one place is.
#[derive(Debug, Default)]
pub struct Node {
    /// The type named by the schema.
    pub kind: Option<Kind>,
    /// Known members of an object.
    pub properties: BTreeMap<String, ShapeId>,
    /// The elements of a list.
    pub items: Option<ShapeId>,
    /// The values allowed (`enum`, or `const` as a list of one).
    pub choices: Vec<String>,
    /// A calendar date written YYYY-MM-DD (`format: date`).
    pub date: bool,
    /// The smallest number allowed.
    pub minimum: Option<f64>,
    /// The largest number allowed.
    pub maximum: Option<f64>,
    /// A pattern text must match (other than the date's).
    pub pattern: Option<Regex>,
    /// What the value is, in the schema's words.
    pub description: Option<String>,
}

/// The tree of fields the plan format defines.
#[derive(Debug)]
pub struct Shapes {
    nodes: Vec<Node>,
    /// The first thing in the schema that could not be used.
    problem: Option<String>,
}

/// What the schema says about `.name` on a node.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A known field.
    Known(ShapeId),
    /// The schema knows nothing here (an extension field, or a value of
    /// unknown shape): nothing to check.
    Open,
    /// The node is an object whose fields are known and `name` is not one.
    Unknown {
        /// The closest known field.
        suggestion: Option<String>,
    },
    /// The node is a list: a field needs `[*]` first.
    OnList,
    /// The node is text, a number or a boolean.
    OnScalar(String),
}

/// A plan schema, read once and passed to the engine that checks rule
/// paths against it.
#[derive(Debug)]
pub struct Schema {
    shapes: Shapes,
}

/// Why a schema could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the plan schema cannot be used: {}", self.0)
    }
}

impl std::error::Error for SchemaError {}

impl Schema {
    /// The embedded plan format ([`SCHEMA`]).
    pub fn plan() -> Result<Schema, SchemaError> {
        Schema::parse(SCHEMA)
    }

    /// Reads a JSON Schema whose top level is an object with `properties`.
    pub fn parse(text: &str) -> Result<Schema, SchemaError> {
        let schema: Value =
            serde_json::from_str(text).map_err(|e| SchemaError(format!("not JSON: {e}")))?;
        if schema
            .get("properties")
            .and_then(Value::as_object)
            .is_none()
        {
            return Err(SchemaError(
                "its top level has no `properties`, so it names no plan fields".into(),
            ));
        }
        let mut shapes = Shapes {
            nodes: Vec::new(),
            problem: None,
        };
        let mut defs = BTreeMap::new();
        shapes.build(&schema, &schema, &mut defs);
        match shapes.problem.take() {
            Some(problem) => Err(SchemaError(problem)),
            None => Ok(Schema { shapes }),
        }
    }

    /// The field tree rule paths are checked against.
    pub(crate) fn shapes(&self) -> &Shapes {
        &self.shapes
    }
}

impl Shapes {
    /// The whole plan.
    pub fn root(&self) -> ShapeId {
        0
    }

    /// The top-level fields of a plan.
    pub fn top_level(&self) -> impl Iterator<Item = &str> {
        self.nodes
            .first()
            .into_iter()
            .flat_map(|n| n.properties.keys().map(String::as_str))
    }

    /// What the schema says about a node.
    pub fn node(&self, id: ShapeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// The elements of a list node; other nodes are their own elements.
    pub fn element(&self, id: ShapeId) -> ShapeId {
        self.nodes.get(id).and_then(|n| n.items).unwrap_or(id)
    }

    /// What `.name` means on a node. Names starting with `x_` or `x-` are
    /// extension fields and are never checked.
    pub fn field(&self, id: ShapeId, name: &str) -> Lookup {
        let Some(node) = self.nodes.get(id) else {
            return Lookup::Open;
        };
        if name.starts_with("x_") || name.starts_with("x-") {
            return Lookup::Open;
        }
        if let Some(child) = node.properties.get(name) {
            return Lookup::Known(*child);
        }
        match node.kind {
            Some(Kind::Array) => Lookup::OnList,
            Some(Kind::Text) => Lookup::OnScalar("string".into()),
            Some(Kind::Number | Kind::Integer | Kind::Boolean) => Lookup::OnScalar("value".into()),
            Some(Kind::Object) if !node.properties.is_empty() => Lookup::Unknown {
                suggestion: crate::pack_error::did_you_mean(
                    name,
                    node.properties.keys().map(String::as_str),
                )
                .map(str::to_string),
            },
            _ => Lookup::Open,
        }
    }

    fn build(
        &mut self,
        schema: &Value,
        root: &Value,
        defs: &mut BTreeMap<String, ShapeId>,
    ) -> ShapeId {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            if let Some(id) = defs.get(name) {
                return *id;
            }
            let id = self.nodes.len();
            self.nodes.push(Node::default());
            defs.insert(name.to_string(), id);
            if let Some(target) = root.get("$defs").and_then(|d| d.get(name)) {
                self.fill(id, target, root, defs);
            }
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        self.fill(id, schema, root, defs);
        id
    }

    fn fill(
        &mut self,
        id: ShapeId,
        schema: &Value,
        root: &Value,
        defs: &mut BTreeMap<String, ShapeId>,
    ) {
        let kind = schema
            .get("type")
            .and_then(Value::as_str)
            .and_then(Kind::parse);
        let mut properties = BTreeMap::new();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, sub) in props {
                let child = self.build(sub, root, defs);
                properties.insert(name.clone(), child);
            }
        }
        let items = schema.get("items").map(|sub| self.build(sub, root, defs));
        let text = |v: &Value| v.as_str().map(str::to_string);
        let choices = match (schema.get("enum"), schema.get("const")) {
            (Some(Value::Array(values)), _) => values.iter().filter_map(text).collect(),
            (_, Some(one)) => text(one).into_iter().collect(),
            _ => Vec::new(),
        };
        let date = schema.get("format").and_then(Value::as_str) == Some("date");
        let pattern = match schema.get("pattern").and_then(Value::as_str) {
            Some(p) if !date => match Regex::new(p) {
                Ok(r) => Some(r),
                Err(e) => {
                    self.problem
                        .get_or_insert(format!("the pattern `{p}` is not a regex: {e}"));
                    None
                }
            },
            _ => None,
        };
        if let Some(node) = self.nodes.get_mut(id) {
            node.kind = kind;
            node.properties = properties;
            node.items = items;
            node.choices = choices;
            node.date = date;
            node.minimum = schema.get("minimum").and_then(Value::as_f64);
            node.maximum = schema.get("maximum").and_then(Value::as_f64);
            node.pattern = pattern;
            node.description = schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail on broken set-up"
)]
mod tests {
    use super::*;

    #[test]
    fn knows_nested_fields_through_refs() {
        let schema = Schema::plan().expect("the embedded schema loads");
        let s = schema.shapes();
        let Lookup::Known(services) = s.field(s.root(), "services") else {
            panic!("services")
        };
        assert_ne!(s.element(services), services, "services is a list");
        let service = s.element(services);
        let Lookup::Known(para) = s.field(service, "paraprofessional") else {
            panic!("para")
        };
        assert!(matches!(s.field(para, "absence_plan"), Lookup::Known(_)));
        assert_eq!(
            s.field(service, "paraprofesional"),
            Lookup::Unknown {
                suggestion: Some("paraprofessional".into())
            }
        );
        assert_eq!(s.field(services, "id"), Lookup::OnList);
        assert_eq!(s.field(service, "x_district"), Lookup::Open);
    }

    #[test]
    fn a_schema_that_cannot_be_read_is_an_error() {
        assert!(Schema::parse("{").is_err());
        assert!(Schema::parse("{\"type\": \"object\"}").is_err());
    }

    #[test]
    fn top_level_fields_come_from_the_schema() {
        let schema = Schema::plan().expect("the embedded schema loads");
        let names: Vec<&str> = schema.shapes().top_level().collect();
        assert!(names.contains(&"age_of_majority"));
        assert!(names.contains(&"goals"));
    }
}

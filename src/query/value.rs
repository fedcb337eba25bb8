//! The common value tree that YAML, JSON and TOML documents (and rule packs) parse into.
//!
//! Every node keeps the 1-based line and column where it starts, so evidence and
//! diagnostics can point at the exact place in a file.

use std::fmt;

/// A 1-based position in a source file. `line == 0` means "unknown".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
    /// The line, if known.
    pub fn line(&self) -> Option<u32> {
        (self.line > 0).then_some(self.line)
    }
}

/// One node of a parsed document: a value and where it starts.
#[derive(Clone, Debug)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// A parsed value. Mappings keep their order and their keys' positions.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// The type names that the `type:` predicate accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    String,
    Number,
    Bool,
    Null,
    Mapping,
    Sequence,
}

impl ValueType {
    pub const ALL: [ValueType; 6] = [
        ValueType::String,
        ValueType::Number,
        ValueType::Bool,
        ValueType::Null,
        ValueType::Mapping,
        ValueType::Sequence,
    ];
    pub fn name(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Number => "number",
            ValueType::Bool => "bool",
            ValueType::Null => "null",
            ValueType::Mapping => "mapping",
            ValueType::Sequence => "sequence",
        }
    }
    pub fn parse(s: &str) -> Option<ValueType> {
        ValueType::ALL.into_iter().find(|t| t.name() == s)
    }
}

impl Node {
    pub fn new(value: Value, pos: Pos) -> Self {
        Node { value, pos }
    }

    pub fn value_type(&self) -> ValueType {
        match self.value {
            Value::Null => ValueType::Null,
            Value::Bool(_) => ValueType::Bool,
            Value::Int(_) | Value::Float(_) => ValueType::Number,
            Value::Str(_) => ValueType::String,
            Value::Seq(_) => ValueType::Sequence,
            Value::Map(_) => ValueType::Mapping,
        }
    }

    /// The value of a mapping's key, compared by the key's canonical text.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.text_is(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether this scalar's canonical text is `text`, without building the text for
    /// strings, booleans and null (the keys nearly every lookup meets).
    pub fn text_is(&self, text: &str) -> bool {
        match &self.value {
            Value::Str(s) => s == text,
            Value::Null => text == "null",
            Value::Bool(b) => text == if *b { "true" } else { "false" },
            Value::Int(_) | Value::Float(_) => {
                // Numbers only ever equal text that starts like a number.
                text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
                    && self.scalar_text().as_deref() == Some(text)
            }
            Value::Seq(_) | Value::Map(_) => false,
        }
    }

    /// Like `scalar_text`, but borrows a string instead of copying it.
    pub fn scalar_cow(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Null => Some(Cow::Borrowed("null")),
            Value::Bool(true) => Some(Cow::Borrowed("true")),
            Value::Bool(false) => Some(Cow::Borrowed("false")),
            Value::Int(_) | Value::Float(_) => self.scalar_text().map(Cow::Owned),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar's canonical text: strings as they are; `true`, `false`, `null`;
    /// numbers in shortest decimal form. `None` for mappings and sequences.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Null => Some("null".into()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(format_float(*f)),
            Value::Str(s) => Some(s.clone()),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// Deep equality that ignores positions; `1` equals `1.0`; mappings compare
    /// as unordered sets of entries.
    pub fn deep_eq(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                (*a as f64) == *b
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Seq(a), Value::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.deep_eq(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(ka, va)| b.iter().any(|(kb, vb)| ka.deep_eq(kb) && va.deep_eq(vb)))
            }
            _ => false,
        }
    }

    /// The node as JSON (keys by their canonical text), for CEL bindings and output.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar_text().unwrap_or_default(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Shortest decimal form of a float (`1.5`, `2`, `1e300`), as `matches` sees numbers.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        }
    } else if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scalar_text() {
            Some(t) => f.write_str(&t),
            None => write!(f, "{}", self.to_json()),
        }
    }
}

/// A document that did not parse: the parser's message and where it stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
}

/// The one place that says where lines start, for every position paved reports: a line ends
/// at `\n`, `\r\n` or a lone `\r` (as YAML 1.2 and editors count them), so a user's editor
/// lands on the same line:col whichever line ends the file uses. Columns count characters.
/// Built once per file; lookups are a binary search.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset and character index where each line starts.
    starts: Vec<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push((0, 0));
        let mut chars = 0;
        for (i, &b) in bytes.iter().enumerate() {
            // Counts the character that starts at byte `i`; breaks are ASCII, so after one
            // `chars` is the index of the next character.
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push((i + 1, chars));
            }
        }
        LineIndex { text, starts }
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&(s, _)| s <= offset) - 1;
        let start = self.starts[line].0;
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Self::at(line, col)
    }

    /// The position of the character at index `index` (parsers that count characters).
    pub fn pos_of_char(&self, index: usize) -> Pos {
        let line = self.starts.partition_point(|&(_, c)| c <= index) - 1;
        Self::at(line, index - self.starts[line].1)
    }

    /// Lines in the text; an empty last line after a final break counts.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The text of 1-based `line` without its line end.
    pub fn line(&self, line: u32) -> Option<&'a str> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = self.starts.get(i)?.0;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |s| s.0);
        let text = &self.text[start..end];
        let text = text.strip_suffix('\n').unwrap_or(text);
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    fn at(line: usize, col: usize) -> Pos {
        Pos::new(
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        )
    }
}

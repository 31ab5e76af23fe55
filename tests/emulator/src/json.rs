//! Building JSON text (the crate's `Value` is the parser; this is the writer's sugar).

use botpress_chat_wasm::model::value::write_json_string;
use std::collections::BTreeMap;

/// An object written member by member, in the order given.
pub struct Obj {
    out: String,
    first: bool,
}

impl Default for Obj {
    fn default() -> Self {
        Obj::new()
    }
}

impl Obj {
    pub fn new() -> Obj {
        Obj {
            out: String::from("{"),
            first: true,
        }
    }

    fn key(&mut self, k: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_json_string(k, &mut self.out);
        self.out.push(':');
    }

    pub fn str(mut self, k: &str, v: &str) -> Obj {
        self.key(k);
        write_json_string(v, &mut self.out);
        self
    }

    pub fn num(mut self, k: &str, v: impl std::fmt::Display) -> Obj {
        self.key(k);
        self.out.push_str(&v.to_string());
        self
    }

    pub fn bool(mut self, k: &str, v: bool) -> Obj {
        self.key(k);
        self.out.push_str(if v { "true" } else { "false" });
        self
    }

    /// `v` must already be JSON text.
    pub fn raw(mut self, k: &str, v: &str) -> Obj {
        self.key(k);
        self.out.push_str(v);
        self
    }

    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

pub fn string(s: &str) -> String {
    let mut out = String::new();
    write_json_string(s, &mut out);
    out
}

/// A string map as a JSON object (sorted by key).
pub fn string_map(m: &BTreeMap<String, String>) -> String {
    m.iter().fold(Obj::new(), |o, (k, v)| o.str(k, v)).finish()
}

/// JSON array of already-serialized items.
pub fn array<I: IntoIterator<Item = String>>(items: I) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push(']');
    out
}

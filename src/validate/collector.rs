//! The collector: [`Out`] gathers every issue with its path, and holds the checks that
//! requests, responses and options share (types, lengths, enums, unknown fields, the scan
//! of free-form data), plus the path and suggestion helpers.

use super::Issue;
use crate::model::value::{number_is_finite, write_json_string, MAX_DEPTH};
use crate::model::{itoa, Field, Foreign, Json, Member};

// ---------------------------------------------------------------------------------------
// The collector

pub(super) struct Out {
    pub(super) issues: Vec<Issue>,
    /// What the empty path is called in messages ("body", "options", …).
    pub(super) root: &'static str,
    /// Scan the values of unknown fields for what JSON cannot carry (request bodies, whose
    /// text is sent; not options, which may hold any JS object by mistake).
    pub(super) scan_unknown: bool,
}

impl Out {
    pub(super) fn new(root: &'static str) -> Out {
        Out {
            issues: Vec::new(),
            root,
            scan_unknown: root == "body",
        }
    }

    pub(super) fn push(&mut self, path: Path<'_>, code: &'static str, message: String) {
        self.issues.push(Issue {
            path: path.render(),
            code,
            message,
        });
    }

    /// `"<name><rest>"`, where the empty path is named after the root ("body", …).
    pub(super) fn say(&self, path: Path<'_>, rest: &str) -> String {
        let mut m = String::new();
        if path.is_root() {
            m.push_str(self.root);
        } else {
            path.write(&mut m);
        }
        m.push_str(rest);
        m
    }

    pub(super) fn required(&mut self, path: Path<'_>) {
        let m = self.say(path, " is required");
        self.push(path, "required", m);
    }

    /// `v` is not what was expected: a foreign value gets its own code, anything else
    /// `type` ("expected string, got number").
    pub(super) fn bad_type(&mut self, path: Path<'_>, expected: &str, v: &Json<'_>) {
        if self.foreign(path, v) {
            return;
        }
        let mut m = String::new();
        if !path.is_root() {
            path.write(&mut m);
            m.push_str(": ");
        }
        m.push_str("expected ");
        m.push_str(expected);
        m.push_str(", got ");
        m.push_str(v.kind());
        self.push(path, "type", m);
    }

    /// Reports a foreign value that has a code of its own (too deep, cyclic, unreadable);
    /// true if it did.
    pub(super) fn foreign(&mut self, path: Path<'_>, v: &Json<'_>) -> bool {
        let Json::Foreign(f) = v else {
            return false;
        };
        let (code, m) = match f {
            Foreign::TooDeep => {
                let mut m = self.say(path, " is nested too deeply (more than ");
                m.push_str(&itoa(MAX_DEPTH as u64));
                m.push_str(" levels)");
                ("too_deep", m)
            }
            Foreign::Cycle => (
                "cycle",
                self.say(path, " contains itself (cyclic reference)"),
            ),
            Foreign::Unreadable(why) => {
                let mut m = self.say(path, " could not be read: ");
                m.push_str(clip(why, 200));
                ("unreadable", m)
            }
            Foreign::Undefined | Foreign::Function | Foreign::BigInt | Foreign::Symbol => {
                return false
            }
        };
        self.push(path, code, m);
        true
    }

    pub(super) fn object<'v, 'j>(
        &mut self,
        path: Path<'_>,
        v: &'v Json<'j>,
    ) -> Option<&'v [Member<'j>]> {
        match v {
            Json::Object(m) => Some(m),
            Json::Foreign(Foreign::Undefined) => {
                self.required(path);
                None
            }
            other => {
                self.bad_type(path, "object", other);
                None
            }
        }
    }

    pub(super) fn expect_str<'v>(&mut self, path: Path<'_>, v: &'v Json<'_>) -> Option<&'v str> {
        match v {
            Json::String(s) => Some(s),
            other => {
                self.bad_type(path, "string", other);
                None
            }
        }
    }

    pub(super) fn length(&mut self, path: Path<'_>, s: &str, min: usize, max: Option<usize>) {
        // Skip counting when the byte length decides (a code point is 1 to 4 bytes).
        if s.len() >= min.saturating_mul(4) && max.is_none_or(|m| s.len() <= m) {
            return;
        }
        let n = crate::model::code_points(s);
        if n < min {
            let mut m = self.say(path, " must be at least ");
            m.push_str(&itoa(min as u64));
            m.push_str(if min == 1 {
                " character (got "
            } else {
                " characters (got "
            });
            m.push_str(&itoa(n as u64));
            m.push(')');
            self.push(path, "too_short", m);
        }
        if let Some(max) = max.filter(|&max| n > max) {
            let mut m = self.say(path, " must be at most ");
            m.push_str(&itoa(max as u64));
            m.push_str(" characters (got ");
            m.push_str(&itoa(n as u64));
            m.push(')');
            self.push(path, "too_long", m);
        }
    }

    pub(super) fn string(&mut self, path: Path<'_>, v: &Json<'_>, min: usize, max: Option<usize>) {
        if let Some(s) = self.expect_str(path, v) {
            self.length(path, s, min, max);
        }
    }

    pub(super) fn one_of(&mut self, path: Path<'_>, v: &Json<'_>, allowed: &[&str]) {
        let Some(s) = self.expect_str(path, v) else {
            return;
        };
        if allowed.contains(&s) {
            return;
        }
        let mut m = self.say(
            path,
            if allowed.len() == 1 {
                " must be "
            } else {
                " must be one of "
            },
        );
        for (i, a) in allowed.iter().enumerate() {
            if i > 0 {
                m.push_str(", ");
            }
            write_json_string(a, &mut m);
        }
        self.push(path, "enum", m);
    }

    pub(super) fn finite_number(&mut self, path: Path<'_>, v: &Json<'_>) {
        match v {
            Json::Number(n) if number_is_finite(n) => {}
            Json::Number(n) => {
                let mut m = self.say(path, " must be a finite number (got ");
                m.push_str(clip(n, 32));
                m.push(')');
                self.push(path, "not_finite", m);
            }
            other => self.bad_type(path, "number", other),
        }
    }

    /// Reports every member whose name is not in `known` (members set to `undefined`
    /// are absent, as `JSON.stringify` drops them). The message names the full path, and
    /// the suggestion the sibling it probably meant.
    pub(super) fn unknown_fields(
        &mut self,
        members: &[Member<'_>],
        path: Path<'_>,
        known: &[&'static str],
        aliases: &[(&str, &'static str)],
    ) {
        self.unknown_members(members, path, Known::Names(known), aliases);
    }

    /// [`Out::unknown_fields`] for a list of names or a model's table.
    pub(super) fn unknown_members(
        &mut self,
        members: &[Member<'_>],
        path: Path<'_>,
        known: Known<'_>,
        aliases: &[(&str, &'static str)],
    ) {
        for (k, v) in members {
            if known.contains(k) || matches!(v, Json::Foreign(Foreign::Undefined)) {
                continue;
            }
            let p = path.key(k);
            let mut m = String::from("unknown field `");
            p.write(&mut m);
            m.push('`');
            if let Some(s) = suggest(k, known, aliases) {
                m.push_str("; did you mean `");
                path.key(s).write(&mut m);
                m.push_str("`?");
            }
            self.push(p, "unknown_field", m);
            if self.scan_unknown {
                self.scan(p, v, 1);
            }
        }
    }

    pub(super) fn array<'v, 'j>(
        &mut self,
        path: Path<'_>,
        v: &'v Json<'j>,
    ) -> Option<&'v [Json<'j>]> {
        match v {
            Json::Array(a) => Some(a),
            other => {
                self.bad_type(path, "array", other);
                None
            }
        }
    }

    /// Any object (a payload of a custom type).
    pub(super) fn free_object(&mut self, path: Path<'_>, v: &Json<'_>, depth: usize) {
        if self.object(path, v).is_some() {
            self.scan(path, v, depth);
        }
    }

    /// Walks free-form data for what JSON cannot carry: too deep, cyclic, unreadable,
    /// bigint. `undefined`, functions and symbols are dropped by `JSON.stringify`, so they
    /// pass. Recursion stops at [`MAX_DEPTH`].
    pub(super) fn scan(&mut self, path: Path<'_>, v: &Json<'_>, depth: usize) {
        match v {
            Json::Foreign(Foreign::BigInt) => self.bad_type(path, "a JSON value", v),
            Json::Foreign(_) => {
                self.foreign(path, v);
            }
            Json::Array(_) | Json::Object(_) if depth >= MAX_DEPTH => {
                self.foreign(path, &Json::Foreign(Foreign::TooDeep));
            }
            Json::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    if needs_scan(x) {
                        self.scan(path.at(i), x, depth + 1);
                    }
                }
            }
            Json::Object(m) => {
                for (k, x) in m {
                    if needs_scan(x) {
                        self.scan(path.key(k), x, depth + 1);
                    }
                }
            }
            Json::Null | Json::Bool(_) | Json::Number(_) | Json::String(_) => {}
        }
    }
}

/// The names an object may have: a plain list (options) or a model's table (requests).
#[derive(Clone, Copy)]
pub(super) enum Known<'a> {
    Names(&'a [&'static str]),
    Fields(&'a [Field]),
}

impl Known<'_> {
    fn len(self) -> usize {
        match self {
            Known::Names(n) => n.len(),
            Known::Fields(f) => f.len(),
        }
    }

    fn get(self, i: usize) -> Option<&'static str> {
        match self {
            Known::Names(n) => n.get(i).copied(),
            Known::Fields(f) => f.get(i).map(|f| f.name),
        }
    }

    fn contains(self, name: &str) -> bool {
        match self {
            Known::Names(n) => n.contains(&name),
            Known::Fields(f) => f.iter().any(|f| f.name == name),
        }
    }
}

/// The last member `name` of an object, unless it is `undefined` (absent, as
/// `JSON.stringify` would have it).
pub(super) fn field<'v, 'j>(obj: &'v Json<'j>, name: &str) -> Option<&'v Json<'j>> {
    obj.get(name)
        .filter(|v| !matches!(v, Json::Foreign(Foreign::Undefined)))
}

/// Could the free-form scan find anything in `v`?
fn needs_scan(v: &Json<'_>) -> bool {
    matches!(v, Json::Array(_) | Json::Object(_) | Json::Foreign(_))
}

/// Where a value sits, written out only when an issue names it: `a.b[2]["x y"]`.
#[derive(Clone, Copy)]
pub(super) enum Path<'a> {
    /// A path written out already; `""` is the root.
    Name(&'a str),
    /// A member of the value at the inner path.
    Key(&'a Path<'a>, &'a str),
    /// An item of the array at the inner path.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(super) const ROOT: Path<'static> = Path::Name("");

    pub(super) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    pub(super) fn at(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    pub(super) fn is_root(&self) -> bool {
        matches!(self, Path::Name(""))
    }

    pub(super) fn render(&self) -> String {
        let mut p = String::new();
        self.write(&mut p);
        p
    }

    /// Appends the path to `out`: `.key`, or `["key"]` when the key is not a plain
    /// identifier, and `[i]`.
    pub(super) fn write(&self, out: &mut String) {
        match self {
            Path::Name(name) => out.push_str(name),
            Path::Key(parent, key) => {
                parent.write(out);
                let mut chars = key.chars();
                let ident = chars
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
                if ident {
                    if !parent.is_root() {
                        out.push('.');
                    }
                    out.push_str(key);
                } else {
                    out.push('[');
                    write_json_string(key, out);
                    out.push(']');
                }
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                out.push_str(&itoa(*i as u64));
                out.push(']');
            }
        }
    }
}

/// At most `max` characters of `s` (for echoing caller data in messages).
pub(super) fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// The known name closest to `key`: an alias, a case-insensitive match, or one within
/// Levenshtein distance 2.
fn suggest(key: &str, known: Known<'_>, aliases: &[(&str, &'static str)]) -> Option<&'static str> {
    if let Some((_, to)) = aliases.iter().find(|(a, _)| a.eq_ignore_ascii_case(key)) {
        return Some(to);
    }
    let mut best: Option<(usize, &'static str)> = None;
    for name in (0..known.len()).filter_map(|i| known.get(i)) {
        let d = if name.eq_ignore_ascii_case(key) {
            0
        } else {
            levenshtein_within(key, name, 2)
        };
        if d <= 2 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, n)| n)
}

/// Levenshtein distance in code points, or `limit + 1` when it is certainly above `limit`.
fn levenshtein_within(a: &str, b: &str, limit: usize) -> usize {
    let (la, lb) = (crate::model::code_points(a), crate::model::code_points(b));
    if la.abs_diff(lb) > limit {
        return limit + 1;
    }
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0); // row[i-1][j-1]
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let d = (prev + usize::from(ca != cb)).min(up + 1).min(left + 1);
            prev = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = d;
            }
        }
    }
    row.last().copied().unwrap_or(0).min(limit + 1)
}

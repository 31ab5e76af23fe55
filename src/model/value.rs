//! A JSON value tree and a strict, non-recursive-overflow JSON parser.
//!
//! Validation works on this tree rather than on the serde models: it has to name every
//! unknown field, every wrong type and every bad length with its path, which a derive
//! cannot do. The same tree is produced from a request (text from `JSON.stringify`), from a
//! response body, and from a raw JS value when `JSON.stringify` throws (see `bindings.rs`).
//!
//! Numbers keep their lexeme: nothing in validation needs their value beyond "is it an
//! integer" and "is it finite", and skipping float parsing keeps the wasm small.

/// The deepest nesting the parser and the JS walker build. Anything deeper becomes
/// [`Foreign::TooDeep`] at that spot, so validation reports it (with a path) instead of
/// recursing without bound. Real requests nest at most ~6 levels (bloc item payloads).
pub const MAX_DEPTH: usize = 64;

use std::borrow::Cow;

/// A JSON value whose strings (and number lexemes, and keys) borrow from the text it was
/// parsed from when they can: only strings with escapes are copied. [`Value`] owns its text.
#[derive(Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// The number as written (JSON grammar, or JS `String(n)` for values from the walker).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Members in source order; a repeated key keeps every occurrence, [`Json::get`]
    /// returns the last one (as `JSON.parse` does).
    Object(Vec<Member<'a>>),
    /// Something JSON cannot carry, met while reading a JS value.
    Foreign(Foreign),
}

/// An object member: its key and value.
pub type Member<'a> = (Cow<'a, str>, Json<'a>);

/// A JSON value that owns its text (from the JS walker, serde, or [`Json::into_owned`]).
pub type Value = Json<'static>;

impl Value {
    /// [`Json::parse`], then [`Json::into_owned`]: for a value kept after its text is gone.
    pub fn parse_owned(text: &str) -> Result<Value, ParseError> {
        Json::parse(text).map(Json::into_owned)
    }
}

#[derive(Clone, PartialEq)]
pub enum Foreign {
    Undefined,
    Function,
    BigInt,
    Symbol,
    /// Reading it threw (a getter or a Proxy trap); the thrown message.
    Unreadable(String),
    /// The value contains itself.
    Cycle,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl<'a> Json<'a> {
    /// The JSON type name used in messages: `null`, `boolean`, `number`, `string`, `array`,
    /// `object`, or the JS kind for foreign values.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
            Json::Foreign(f) => match f {
                Foreign::Undefined => "undefined",
                Foreign::Function => "function",
                Foreign::BigInt => "bigint",
                Foreign::Symbol => "symbol",
                Foreign::Unreadable(_) => "unreadable value",
                Foreign::Cycle => "cyclic value",
                Foreign::TooDeep => "too deeply nested value",
            },
        }
    }

    /// The last member named `key`, if this is an object.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json<'a>]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Parses strict JSON (RFC 8259). Nesting beyond [`MAX_DEPTH`] is kept as
    /// [`Foreign::TooDeep`] rather than rejected, so the caller can report where it is.
    /// Escaped lone surrogates (which `JSON.stringify` emits for lone surrogates) become
    /// U+FFFD: one code point, as JSON Schema would count them.
    pub fn parse(text: &'a str) -> Result<Json<'a>, ParseError> {
        Json::parse_to_depth(text, MAX_DEPTH)
    }

    /// Parses like [`Json::parse`] but builds only `depth` levels: an array or object below
    /// that is checked for balanced brackets and strings, skipped without allocating, and kept
    /// as an empty container of its kind. For responses, whose lenient check looks three
    /// levels deep (`message.tags.x`) while the echoed payload can be large.
    pub fn parse_to_depth(text: &'a str, depth: usize) -> Result<Json<'a>, ParseError> {
        let mut p = Parser {
            text,
            s: text.as_bytes(),
            i: 0,
            build: depth.min(MAX_DEPTH),
        };
        p.ws();
        let mut v = Json::Null;
        p.value(0, &mut v)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(p.err("unexpected data after the JSON value"));
        }
        Ok(v)
    }

    /// Serializes to compact JSON. Foreign values (which only come from the JS walker)
    /// are written as `null`. Used natively (emulator, tests); the wasm side sends the
    /// text it validated instead.
    pub fn to_json(&self) -> String {
        self.to_json_with(&mut write_json_string)
    }

    /// Like [`Value::to_json`], with `string` writing every string literal (keys included),
    /// in document order: the JS walker uses it to write lone surrogates as `JSON.stringify`
    /// does (`\ud800`), which a Rust `String` cannot hold.
    pub fn to_json_with(&self, string: &mut dyn FnMut(&str, &mut String)) -> String {
        let mut out = String::new();
        write_json(self, &mut out, string);
        out
    }

    /// The same value, owning its text.
    pub fn into_owned(self) -> Value {
        let own = |s: Cow<'a, str>| Cow::Owned(s.into_owned());
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(own(n)),
            Json::String(s) => Json::String(own(s)),
            Json::Array(a) => Json::Array(a.into_iter().map(Json::into_owned).collect()),
            Json::Object(m) => Json::Object(
                m.into_iter()
                    .map(|(k, v)| (own(k), v.into_owned()))
                    .collect(),
            ),
            Json::Foreign(f) => Json::Foreign(f),
        }
    }
}

/// Is this JSON number lexeme finite as an IEEE double (what JS would read)?
/// Decides from the decimal order of magnitude, without parsing a float.
pub fn number_is_finite(lexeme: &str) -> bool {
    let b = lexeme.trim_start_matches('-').as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return false; // "NaN", "Infinity" from the JS walker
    }
    let (mut digits, mut point, mut exp_at) = (Vec::new(), None, b.len());
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => digits.push(c),
            b'.' => point = Some(digits.len()),
            b'e' | b'E' => {
                exp_at = i;
                break;
            }
            _ => return false,
        }
    }
    let int_len = point.unwrap_or(digits.len()) as i64;
    let mut exp: i64 = 0;
    let exp_part = &b[(exp_at + 1).min(b.len())..];
    let (neg, exp_digits) = match exp_part.first() {
        Some(b'-') => (true, &exp_part[1..]),
        Some(b'+') => (false, &exp_part[1..]),
        _ => (false, exp_part),
    };
    for &c in exp_digits {
        if !c.is_ascii_digit() {
            return false;
        }
        exp = (exp * 10 + i64::from(c - b'0')).min(1_000_000);
    }
    if neg {
        exp = -exp;
    }
    let lead_zeros = digits.iter().take_while(|&&c| c == b'0').count();
    if lead_zeros == digits.len() {
        return true; // zero
    }
    // value = 0.d1d2d3... × 10^(int_len - lead_zeros + exp), with d1 != 0
    let order = int_len - lead_zeros as i64 + exp - 1;
    if order != 308 {
        return order < 308;
    }
    // Same order as f64::MAX: compare with the point halfway between MAX and 2^1024,
    // at and above which the value rounds to Infinity.
    const HALFWAY: &[u8] = b"17976931348623158079372897140530341507993413271003782693617377898044496829276475094664736";
    let sig = &digits[lead_zeros..];
    for (i, &h) in HALFWAY.iter().enumerate() {
        let d = sig.get(i).copied().unwrap_or(b'0');
        if d != h {
            return d < h;
        }
    }
    false
}

#[derive(Clone, PartialEq)]
pub struct ParseError {
    /// Byte offset in the text where parsing stopped.
    pub offset: usize,
    pub message: &'static str,
}

impl ParseError {
    /// `"<message> at byte <offset>"`.
    pub fn describe(&self) -> String {
        let mut s = String::from(self.message);
        s.push_str(" at byte ");
        s.push_str(&crate::model::itoa(self.offset as u64));
        s
    }
}

impl core::fmt::Debug for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl core::fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Json::Foreign(_) => {
                f.write_str("<")?;
                f.write_str(self.kind())?;
                f.write_str(">")
            }
            other => f.write_str(&other.to_json()),
        }
    }
}

struct Parser<'a> {
    /// The text as bytes, for scanning; `text` for slicing out whole runs (which always end
    /// at ASCII bytes, so at char boundaries, and need no second UTF-8 check).
    text: &'a str,
    s: &'a [u8],
    i: usize,
    /// Containers deeper than this are skipped.
    build: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, message: &'static str) -> ParseError {
        ParseError {
            offset: self.i,
            message,
        }
    }

    /// Is the byte at `self.i` `c`? (A pattern, not `Option`'s `==`, which -Oz leaves as a
    /// call in the parser's hottest paths.)
    #[inline(always)]
    fn is_at(&self, c: u8) -> bool {
        matches!(self.s.get(self.i), Some(&b) if b == c)
    }

    /// Skips whitespace. Inlined for the common case, none at all (`JSON.stringify` writes
    /// none): one compare instead of a call, at every token of a body.
    #[inline(always)]
    fn ws(&mut self) {
        if matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.skip_ws();
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8], v: Json<'a>) -> Result<Json<'a>, ParseError> {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(v)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    /// Parses the value at `self.i` into `out`, a slot of its parent's vector: values are
    /// written once, where they stay, instead of being returned and moved into the vector
    /// (moving `Result<Json>` values was most of the parse time, measured natively with perf).
    fn value(&mut self, depth: usize, out: &mut Json<'a>) -> Result<(), ParseError> {
        *out = match self.s.get(self.i) {
            None => return Err(self.err("unexpected end of JSON")),
            Some(b'n') => self.eat(b"null", Json::Null)?,
            Some(b't') => self.eat(b"true", Json::Bool(true))?,
            Some(b'f') => self.eat(b"false", Json::Bool(false))?,
            Some(b'"') => Json::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(&c @ (b'[' | b'{')) if depth >= self.build => {
                self.skip_nested()?;
                if self.build < MAX_DEPTH {
                    if c == b'[' {
                        Json::Array(Vec::new())
                    } else {
                        Json::Object(Vec::new())
                    }
                } else {
                    Json::Foreign(Foreign::TooDeep)
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.is_at(b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(Json::Null);
                        if let Some(slot) = items.last_mut() {
                            self.value(depth + 1, slot)?;
                        }
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err("expected ',' or ']' in array")),
                        }
                    }
                }
                Json::Array(items)
            }
            Some(b'{') => {
                self.i += 1;
                let mut members: Vec<Member<'a>> = Vec::new();
                self.ws();
                if self.is_at(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        if !self.is_at(b'"') {
                            return Err(self.err("expected a string key in object"));
                        }
                        let k = self.string()?;
                        self.ws();
                        if !self.is_at(b':') {
                            return Err(self.err("expected ':' after object key"));
                        }
                        self.i += 1;
                        self.ws();
                        members.push((k, Json::Null));
                        if let Some((_, slot)) = members.last_mut() {
                            self.value(depth + 1, slot)?;
                        }
                        self.ws();
                        match self.s.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err("expected ',' or '}' in object")),
                        }
                    }
                }
                Json::Object(members)
            }
            Some(_) => return Err(self.err("unexpected character")),
        };
        Ok(())
    }

    /// Skips a well-formed array or object without building it, iteratively, so any
    /// depth is fine. Checks bracket balance and strings; not the full grammar inside.
    fn skip_nested(&mut self) -> Result<(), ParseError> {
        let mut stack: Vec<u8> = Vec::new();
        loop {
            match self.s.get(self.i) {
                None => return Err(self.err("unexpected end of JSON")),
                Some(b'"') => {
                    self.skip_string()?;
                    continue;
                }
                Some(&c @ (b'[' | b'{')) => stack.push(if c == b'[' { b']' } else { b'}' }),
                Some(&c @ (b']' | b'}')) => {
                    if stack.pop() != Some(c) {
                        return Err(self.err("mismatched bracket"));
                    }
                    if stack.is_empty() {
                        self.i += 1;
                        return Ok(());
                    }
                }
                Some(_) => {}
            }
            self.i += 1;
        }
    }

    fn number(&mut self) -> Result<Json<'a>, ParseError> {
        let start = self.i;
        if self.is_at(b'-') {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.err("invalid number")),
        }
        if self.is_at(b'.') {
            self.i += 1;
            if !self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                return Err(self.err("invalid number: digit expected after '.'"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if !self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                return Err(self.err("invalid number: digit expected in exponent"));
            }
            self.digits();
        }
        // The slice is ASCII digits and signs, so always valid UTF-8.
        let lexeme = self.text.get(start..self.i).unwrap_or("0");
        Ok(Json::Number(Cow::Borrowed(lexeme)))
    }

    fn digits(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.s.get(self.i) {
                Some(&c @ b'0'..=b'9') => c - b'0',
                Some(&c @ b'a'..=b'f') => c - b'a' + 10,
                Some(&c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(n)
    }

    /// The end of the plain run from `self.i`: the first quote, backslash or control byte
    /// (or the end of the text).
    fn plain_run(&self) -> usize {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Eight bytes at a time (SWAR): a byte below `n` sets its high bit in
        // `(w - n * ONES) & !w & HIGH` (n ≤ 128).
        let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
        let mut i = self.i;
        while let Some(Ok(bytes)) = self.s.get(i..i + 8).map(<[u8; 8]>::try_from) {
            let w = u64::from_le_bytes(bytes);
            let found = below(w ^ (ONES * u64::from(b'"')), 1)
                | below(w ^ (ONES * u64::from(b'\\')), 1)
                | below(w, 0x20);
            if found != 0 {
                // A borrow can only flag bytes above a real match, so the lowest flag is exact.
                return i + (found.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        let rest = self.s.get(i..).unwrap_or_default();
        let n = rest
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            .unwrap_or(rest.len());
        i + n
    }

    /// At an opening quote; checks the string and steps past it without building it.
    fn skip_string(&mut self) -> Result<(), ParseError> {
        self.i += 1;
        loop {
            self.i = self.plain_run();
            match self.s.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.s.get(self.i) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            self.hex4()?;
                        }
                        _ => return Err(self.err("invalid escape in string")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }

    /// At an opening quote; returns the unescaped string.
    fn string(&mut self) -> Result<Cow<'a, str>, ParseError> {
        self.i += 1;
        // Most strings have no escape: borrowed from the text, no copy.
        let end = self.plain_run();
        if matches!(self.s.get(end), Some(b'"')) {
            let start = self.i;
            self.i = end + 1;
            return match self.text.get(start..end) {
                Some(s) => Ok(Cow::Borrowed(s)),
                // Runs end at ASCII bytes, so at char boundaries: this cannot happen.
                None => Err(self.err("invalid UTF-8 in string")),
            };
        }
        let mut out = String::new();
        let mut run = self.i; // start of the current run of plain bytes
        self.i = end; // the run up to `end` is plain: scanned above
        loop {
            match self.s.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.push_run(&mut out, run)?;
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.push_run(&mut out, run)?;
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.i = save; // lone high surrogate; reread the next escape
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            run = self.i;
                            continue;
                        }
                        _ => return Err(self.err("invalid escape in string")),
                    };
                    out.push(c);
                    self.i += 1;
                    run = self.i;
                }
                Some(&c) if c < 0x20 => return Err(self.err("control character in string")),
                Some(_) => self.i += 1,
            }
        }
    }

    fn push_run(&self, out: &mut String, run: usize) -> Result<(), ParseError> {
        match self.text.get(run..self.i) {
            Some(s) => {
                out.push_str(s);
                Ok(())
            }
            // Input is a &str, and runs split only at ASCII bytes, so this cannot happen.
            None => Err(ParseError {
                offset: run,
                message: "invalid UTF-8 in string",
            }),
        }
    }
}

fn write_json(v: &Json<'_>, out: &mut String, string: &mut dyn FnMut(&str, &mut String)) {
    match v {
        Json::Null | Json::Foreign(_) => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::String(s) => string(s, out),
        Json::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(x, out, string);
            }
            out.push(']');
        }
        Json::Object(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                write_json(x, out, string);
            }
            out.push('}');
        }
    }
}

/// Writes `s` as a JSON string literal, escaped exactly as `JSON.stringify` does.
pub fn write_json_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Json<'_> {
        Json::parse(s).expect("valid JSON")
    }

    #[test]
    fn parses_scalars_and_structures() {
        assert_eq!(p("null"), Value::Null);
        assert_eq!(p(" true "), Value::Bool(true));
        assert_eq!(p("-12.5e+3"), Value::Number("-12.5e+3".into()));
        assert_eq!(p(r#""a\"b\u00e9\n""#), Value::String("a\"bé\n".into()));
        assert_eq!(
            p(r#"{"a":[1,{}],"b":"x"}"#),
            Value::Object(vec![
                (
                    "a".into(),
                    Value::Array(vec![Value::Number("1".into()), Value::Object(vec![])])
                ),
                ("b".into(), Value::String("x".into())),
            ])
        );
    }

    #[test]
    fn surrogates_pair_and_lone() {
        assert_eq!(p(r#""\ud83d\ude00""#), Value::String("😀".into()));
        assert_eq!(p(r#""\ud800x""#), Value::String("\u{FFFD}x".into()));
        assert_eq!(p(r#""\udc00""#), Value::String("\u{FFFD}".into()));
        assert_eq!(p(r#""\ud800\u0041""#), Value::String("\u{FFFD}A".into()));
    }

    #[test]
    fn rejects_invalid_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "\"\\x\"",
            "\"a\u{1}\"",
            "{a:1}",
            "[1 2]",
            "1 2",
            "\"abc",
            "{\"a\" 1}",
            "[",
            "]",
            "\"\\u12g4\"",
            "nul",
        ] {
            assert!(Json::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn deep_nesting_becomes_too_deep_not_a_stack_overflow() {
        let depth = 100_000;
        let text = "[".repeat(depth) + &"]".repeat(depth);
        let mut v = &p(&text);
        let mut seen = 0;
        while let Json::Array(a) = v {
            v = &a[0];
            seen += 1;
        }
        assert_eq!(seen, MAX_DEPTH);
        assert_eq!(*v, Value::Foreign(Foreign::TooDeep));
        assert!(Json::parse(&("[".repeat(depth) + &"]".repeat(depth - 1))).is_err());
        assert!(Json::parse(&("{\"a\":".repeat(depth) + "1" + &"}".repeat(depth))).is_ok());
    }

    #[test]
    fn plain_run_stops_where_a_byte_by_byte_scan_does() {
        let naive = |s: &[u8], from: usize| {
            (from..s.len())
                .find(|&i| matches!(s[i], b'"' | b'\\' | 0..=0x1f))
                .unwrap_or(s.len())
        };
        for filler in [b'a', b' ', b'!', b'#', b']', 0x7f, 0x80, 0xc3, 0xff] {
            for len in 0..26 {
                for special in [None, Some(b'"'), Some(b'\\'), Some(0), Some(0x1f)] {
                    // A second special byte after the first, anywhere (or none).
                    for (pos, second) in
                        (0..len.max(1)).flat_map(|p| (p..=len).map(move |q| (p, q)))
                    {
                        let mut s = vec![filler; len];
                        if let (Some(c), true) = (special, pos < len) {
                            s[pos] = c;
                        }
                        if second < len && second > pos {
                            s[second] = b'"';
                        }
                        for from in [0, 1, 3].into_iter().filter(|&f| f <= len) {
                            let p = Parser {
                                text: "",
                                s: &s,
                                i: from,
                                build: 0,
                            };
                            assert_eq!(p.plain_run(), naive(&s, from), "{s:?} from {from}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn shallow_parse_keeps_kinds_and_skips_the_rest() {
        let v =
            Json::parse_to_depth(r#"{"a":{"b":[1,{"c":2}],"d":"x"},"e":[[]]}"#, 2).expect("valid");
        assert_eq!(v.to_json(), r#"{"a":{"b":[],"d":"x"},"e":[[]]}"#);
        assert!(Json::parse_to_depth(r#"{"a":{"b":[1,}"#, 1).is_err());
        // Skipped strings are checked like built ones: escapes, quotes and brackets inside.
        let skipped = r#"{"a":[" \" ] } \\ \u00e9 \ud83d\ude00 ","x"],"b":1}"#;
        assert_eq!(
            Json::parse_to_depth(skipped, 1).expect("valid").to_json(),
            r#"{"a":[],"b":1}"#
        );
        for bad in [
            r#"{"a":["\x"]}"#,
            r#"{"a":["\u12G4"]}"#,
            "{\"a\":[\"\u{1}\"]}",
            r#"{"a":["abc]}"#,
            r#"{"a":["abc\"]}"#,
        ] {
            assert!(Json::parse_to_depth(bad, 1).is_err(), "{bad}");
            assert!(Json::parse(bad).is_err(), "{bad}");
        }
        // Deep nesting under the cut costs no stack either.
        let deep = String::from("[") + &"[".repeat(100_000) + &"]".repeat(100_000) + "]";
        assert_eq!(
            Json::parse_to_depth(&deep, 1).expect("valid").to_json(),
            "[[]]"
        );
    }

    #[test]
    fn get_returns_last_duplicate() {
        assert_eq!(
            p(r#"{"a":1,"a":2}"#).get("a"),
            Some(&Value::Number("2".into()))
        );
    }

    #[test]
    fn round_trips_through_to_json() {
        let text = r#"{"a":[1,-2.5e3,true,null],"b":"q\"\\\n\u0001é😀","__proto__":{}}"#;
        assert_eq!(p(&p(text).to_json()), p(text));
    }

    #[test]
    fn finiteness_by_magnitude() {
        for ok in [
            "0",
            "-0",
            "1e308",
            "1.7976931348623157e308",
            "179769313486231570e291",
            "0.0e99999",
            "1e-400",
            "123.456",
        ] {
            assert!(number_is_finite(ok), "{ok}");
        }
        for inf in [
            "1e309",
            "2e308",
            "1.8e308",
            "-1e400",
            "1797693134862315808e290",
            "NaN",
            "Infinity",
            "-Infinity",
        ] {
            assert!(!number_is_finite(inf), "{inf}");
        }
    }
}

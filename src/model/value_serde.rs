//! serde for [`Value`], so free-form JSON (custom payloads, unknown payload keys) can sit in
//! the serde models without serde_json.
//!
//! Natively this round-trips every JSON value. Non-integer numbers need float parsing and
//! formatting, which the size-budgeted wasm build must not carry: on wasm32 they are a
//! serde error instead. Nothing in the wasm build runs serde on the models (requests and
//! responses cross the boundary as JSON text), so this is never reached there.

use core::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{itoa, Json, Value};

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null | Json::Foreign(_) => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => serialize_number(n, s),
            Json::String(x) => s.serialize_str(x),
            Json::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for x in a {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Json::Object(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, x) in m {
                    map.serialize_entry(k, x)?;
                }
                map.end()
            }
        }
    }
}

fn serialize_number<S: Serializer>(lexeme: &str, s: S) -> Result<S::Ok, S::Error> {
    let (neg, digits) = match lexeme.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, lexeme),
    };
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(u) = digits.bytes().try_fold(0u64, |acc, b| {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        }) {
            if !neg {
                return s.serialize_u64(u);
            }
            if u <= i64::MAX as u64 + 1 {
                return s.serialize_i64((u as i64).wrapping_neg());
            }
        }
    }
    match float_of(lexeme) {
        Some(f) => s.serialize_f64(f),
        None => Err(ser::Error::custom("number not representable here")),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn float_of(lexeme: &str) -> Option<f64> {
    lexeme.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(target_arch = "wasm32")]
fn float_of(_lexeme: &str) -> Option<f64> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn lexeme_of(f: f64) -> Option<String> {
    // `{:?}` is the shortest text that reads back as the same f64, and is valid JSON
    // for every finite value (`1.0`, `1e300`, `-2.5e-7`).
    f.is_finite().then(|| format!("{f:?}"))
}

#[cfg(target_arch = "wasm32")]
fn lexeme_of(_f: f64) -> Option<String> {
    None
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(itoa(n).into()))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        let mut s = String::new();
        if n < 0 {
            s.push('-');
        }
        s.push_str(&itoa(n.unsigned_abs()));
        Ok(Value::Number(s.into()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        match lexeme_of(f) {
            Some(s) => Ok(Value::Number(s.into())),
            None => Err(E::custom("number not representable here")),
        }
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(String::from(s).into()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s.into()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(x) = seq.next_element()? {
            items.push(x);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            members.push((k.into(), v));
        }
        Ok(Value::Object(members))
    }
}

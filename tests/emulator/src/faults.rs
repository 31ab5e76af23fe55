//! Scripted faults (`POST /__emulator/faults`) and chaos mode (`POST /__emulator/chaos`).

use crate::ids::SplitMix;
use crate::json::{self, Obj};
use botpress_chat_wasm::model::Value;

/// Longest accepted `delayMs` (2 minutes).
pub const MAX_DELAY_MS: u64 = 120_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    /// Exact request path to match; `None` matches every API path.
    pub path: Option<String>,
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    /// Raw response body; `None` means the default for the status.
    pub body: Option<String>,
    pub delay_ms: u64,
    pub drop: bool,
    pub hang: bool,
    /// Remaining uses.
    pub times: u64,
}

impl Fault {
    pub fn matches(&self, path: &str) -> bool {
        self.path.as_deref().is_none_or(|p| p == path)
    }

    pub fn to_json(&self) -> String {
        let mut o = Obj::new();
        if let Some(p) = &self.path {
            o = o.str("path", p);
        }
        if let Some(s) = self.status {
            o = o.num("status", s);
        }
        if !self.headers.is_empty() {
            let h = self
                .headers
                .iter()
                .fold(Obj::new(), |o, (k, v)| o.str(k, v));
            o = o.raw("headers", &h.finish());
        }
        if let Some(b) = &self.body {
            o = o.str("body", b);
        }
        if self.delay_ms > 0 {
            o = o.num("delayMs", self.delay_ms);
        }
        if self.drop {
            o = o.bool("drop", true);
        }
        if self.hang {
            o = o.bool("hang", true);
        }
        o.num("times", self.times).finish()
    }
}

fn whole_number(v: &Value, what: &str, max: u64) -> Result<u64, String> {
    match v {
        Value::Number(n) => n
            .parse::<u64>()
            .ok()
            .filter(|&x| x <= max)
            .ok_or_else(|| format!("{what}: must be an integer between 0 and {max}")),
        other => Err(format!("{what}: must be a number, got {}", other.kind())),
    }
}

fn flag(v: &Value, what: &str) -> Result<bool, String> {
    v.as_bool()
        .ok_or_else(|| format!("{what}: must be a boolean, got {}", v.kind()))
}

fn header_text_ok(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// One fault from its JSON object; `at` names it in messages (`[2]`).
pub fn parse_fault(v: &Value, at: &str) -> Result<Fault, String> {
    let members = v
        .as_object()
        .ok_or_else(|| format!("{at}: a fault must be an object, got {}", v.kind()))?;
    let mut f = Fault {
        path: None,
        status: None,
        headers: Vec::new(),
        body: None,
        delay_ms: 0,
        drop: false,
        hang: false,
        times: 1,
    };
    for (k, v) in members {
        let what = format!("{at}.{k}");
        match k.as_ref() {
            "path" => match v {
                Value::String(s) if s.starts_with('/') => f.path = Some(s.to_string()),
                Value::Null => f.path = None,
                _ => return Err(format!("{what}: must be a path starting with /")),
            },
            "status" => {
                let s = whole_number(v, &what, 599)?;
                if s < 100 {
                    return Err(format!("{what}: must be an HTTP status (100-599)"));
                }
                f.status = Some(s as u16);
            }
            "headers" => {
                let hs = v
                    .as_object()
                    .ok_or_else(|| format!("{what}: must be an object"))?;
                for (name, value) in hs {
                    let value = match value {
                        Value::String(s) => s.to_string(),
                        Value::Number(n) => n.to_string(),
                        _ => return Err(format!("{what}.{name}: must be a string or number")),
                    };
                    let name_ok = !name.is_empty()
                        && name
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                    if !name_ok || !header_text_ok(&value) {
                        return Err(format!("{what}.{name}: not a valid header"));
                    }
                    f.headers.push((name.to_ascii_lowercase(), value));
                }
            }
            "body" => {
                f.body = match v {
                    Value::String(s) => Some(s.to_string()),
                    Value::Null => None,
                    // Any other JSON value is sent as its JSON text.
                    other => Some(other.to_json()),
                }
            }
            "delayMs" => f.delay_ms = whole_number(v, &what, MAX_DELAY_MS)?,
            "drop" => f.drop = flag(v, &what)?,
            "hang" => f.hang = flag(v, &what)?,
            "times" => {
                f.times = whole_number(v, &what, u64::MAX)?;
                if f.times == 0 {
                    return Err(format!("{what}: must be at least 1"));
                }
            }
            _ => return Err(format!("{what}: unknown fault field")),
        }
    }
    Ok(f)
}

/// A fault list: a JSON array of faults, or one fault object.
pub fn parse_faults(text: &str) -> Result<Vec<Fault>, String> {
    let v = Value::parse_owned(text).map_err(|e| format!("invalid JSON: {}", e.describe()))?;
    match &v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| parse_fault(x, &format!("[{i}]")))
            .collect(),
        Value::Object(_) => parse_fault(&v, "fault").map(|f| vec![f]),
        other => Err(format!(
            "expected a fault object or an array of them, got {}",
            other.kind()
        )),
    }
}

/// The error `type` the API uses for a status, for default fault bodies.
pub fn type_for_status(status: u16) -> &'static str {
    match status {
        400 => "InvalidPayload",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "ResourceNotFound",
        405 => "MethodNotFound",
        409 => "AlreadyExists",
        410 => "ResourceGone",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        429 => "RateLimited",
        500 => "Internal",
        504 => "OperationTimeout",
        _ => "Unknown",
    }
}

pub const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/// Chaos mode: a seeded share of API requests gets a random fault.
#[derive(Clone, Debug)]
pub struct Chaos {
    pub rate: f64,
    pub seed: u64,
    rng: SplitMix,
}

impl Chaos {
    pub fn new(rate: f64, seed: u64) -> Chaos {
        Chaos {
            rate,
            seed,
            rng: SplitMix(seed),
        }
    }

    /// Parses `{"rate": 0.1, "seed": 42}`; `random_seed` is used when `seed` is absent.
    pub fn parse(text: &str, random_seed: u64) -> Result<Chaos, String> {
        let v = Value::parse_owned(text).map_err(|e| format!("invalid JSON: {}", e.describe()))?;
        let members = v
            .as_object()
            .ok_or_else(|| "expected an object {rate, seed}".to_string())?;
        let mut rate = None;
        let mut seed = random_seed;
        for (k, x) in members {
            match (k.as_ref(), x) {
                ("rate", Value::Number(n)) => {
                    let r = n.parse::<f64>().ok().filter(|r| (0.0..=1.0).contains(r));
                    rate = Some(r.ok_or("rate: must be a number from 0 to 1")?);
                }
                ("seed", Value::Number(n)) => {
                    seed = n
                        .parse::<u64>()
                        .map_err(|_| "seed: must be a non-negative integer")?;
                }
                ("rate", _) => return Err("rate: must be a number from 0 to 1".to_string()),
                ("seed", _) => return Err("seed: must be a non-negative integer".to_string()),
                _ => return Err(format!("{k}: unknown chaos field")),
            }
        }
        Ok(Chaos::new(rate.ok_or("rate: is required")?, seed))
    }

    pub fn to_json(&self) -> String {
        Obj::new()
            .num("rate", self.rate)
            .num("seed", self.seed)
            .finish()
    }

    /// Rolls for one request: `Some(fault)` for the unlucky ones.
    pub fn roll(&mut self) -> Option<Fault> {
        if self.rate <= 0.0 || self.rng.next_f64() >= self.rate {
            return None;
        }
        let base = Fault {
            path: None,
            status: None,
            headers: Vec::new(),
            body: None,
            delay_ms: 0,
            drop: false,
            hang: false,
            times: 1,
        };
        let retry_now = vec![("retry-after".to_string(), "0".to_string())];
        Some(match self.rng.next_u64() % 5 {
            0 => Fault {
                status: Some(503),
                headers: retry_now,
                ..base
            },
            1 => Fault {
                status: Some(429),
                headers: retry_now,
                ..base
            },
            2 => Fault {
                status: Some(500),
                ..base
            },
            3 => Fault { drop: true, ..base },
            _ => Fault {
                status: Some(502),
                headers: vec![("content-type".to_string(), "text/html".to_string())],
                body: Some(BAD_GATEWAY_HTML.to_string()),
                ..base
            },
        })
    }
}

/// JSON list of faults.
pub fn list_json(faults: &[Fault]) -> String {
    json::array(faults.iter().map(Fault::to_json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fault_lists() {
        let fs = parse_faults(
            r#"[{"path":"/v1/chat/messages/get-or-create","status":503,"headers":{"Retry-After":"0","x-n":5},"body":"raw","delayMs":20,"times":2},{"drop":true},{"hang":true,"body":{"a":1}}]"#,
        )
        .unwrap();
        assert_eq!(fs.len(), 3);
        assert_eq!(fs[0].status, Some(503));
        assert_eq!(
            fs[0].headers,
            vec![
                ("retry-after".into(), "0".into()),
                ("x-n".into(), "5".into())
            ]
        );
        assert_eq!(fs[0].times, 2);
        assert!(fs[0].matches("/v1/chat/messages/get-or-create"));
        assert!(!fs[0].matches("/v1/chat/conversations/get-or-create"));
        assert!(fs[1].drop && fs[1].matches("/anything"));
        assert_eq!(fs[2].body.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(parse_faults(r#"{"status":500}"#).unwrap().len(), 1);
        for bad in [
            "nope",
            "3",
            r#"[1]"#,
            r#"{"status":99}"#,
            r#"{"status":600}"#,
            r#"{"status":"503"}"#,
            r#"{"times":0}"#,
            r#"{"delayMs":-1}"#,
            r#"{"delayMs":999999999}"#,
            r#"{"headers":{"a":"x\r\ny: z"}}"#,
            r#"{"headers":{"a b":"x"}}"#,
            r#"{"path":"no-slash"}"#,
            r#"{"bogus":1}"#,
        ] {
            assert!(parse_faults(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn chaos_rate_and_determinism() {
        let mut a = Chaos::parse(r#"{"rate":0.25,"seed":7}"#, 0).unwrap();
        let mut b = Chaos::new(0.25, 7);
        let mut hits = 0;
        for _ in 0..4000 {
            let x = a.roll();
            assert_eq!(x, b.roll());
            if x.is_some() {
                hits += 1;
            }
        }
        assert!((800..1200).contains(&hits), "{hits}");
        let mut off = Chaos::new(0.0, 1);
        assert!((0..100).all(|_| off.roll().is_none()));
        assert!(Chaos::parse(r#"{"rate":2}"#, 0).is_err());
        assert!(Chaos::parse(r#"{"seed":2}"#, 0).is_err());
    }
}

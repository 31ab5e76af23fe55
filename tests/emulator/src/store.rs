//! The in-memory store and the get-or-create semantics (see README.md, "Semantics").
//!
//! Bodies reach this module after the crate's validator passed them; the field extraction
//! here is still defensive (it answers `Invalid` rather than assuming), so the emulator
//! stays sane whatever the validator lets through.

use crate::ids;
use crate::json::{self, Obj};
use botpress_chat_wasm::model::Value;
use std::collections::{BTreeMap, HashMap};

/// Result of a get-or-create call.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 200 with this JSON body.
    Done { body: String, created: bool },
    /// 404 `ResourceNotFound` with this message.
    NotFound(String),
    /// 400 `InvalidPayload` with this message.
    Invalid(String),
}

#[derive(Clone, Debug)]
struct Conversation {
    id: String,
    created_at: u64,
    updated_at: u64,
    channel: String,
    integration: String,
    tags: BTreeMap<String, String>,
    properties: BTreeMap<String, String>,
    message_count: u64,
}

#[derive(Clone, Debug)]
struct Message {
    id: String,
    created_at: u64,
    updated_at: u64,
    kind: String,
    payload: Value,
    user_id: String,
    conversation_id: String,
    tags: BTreeMap<String, String>,
    origin: Option<String>,
}

#[derive(Default, Debug)]
struct Bot {
    /// In creation order; matching picks the oldest match.
    conversations: Vec<Conversation>,
    by_id: HashMap<String, usize>,
    /// Messages per conversation id, in creation order.
    messages: HashMap<String, Vec<Message>>,
}

#[derive(Default, Debug)]
pub struct Store {
    bots: HashMap<String, Bot>,
}

/// A tag or property map from the request: `None` = unset (`null` or `""`).
type Updates = BTreeMap<String, Option<String>>;

fn string_map_updates(body: &Value, field: &str, required: bool) -> Result<Updates, String> {
    let mut out = Updates::new();
    let v = match body.get(field) {
        None if required => return Err(format!("{field}: is required")),
        None => return Ok(out),
        Some(v) => v,
    };
    let members = v
        .as_object()
        .ok_or_else(|| format!("{field}: must be an object, got {}", v.kind()))?;
    // A repeated key: the last one wins, as in JSON.parse.
    for (k, v) in members {
        let value = match v {
            Value::Null => None,
            Value::String(s) if s.is_empty() => None,
            Value::String(s) => Some(s.to_string()),
            other => {
                return Err(format!(
                    "{field}.{k}: must be a string or null, got {}",
                    other.kind()
                ))
            }
        };
        out.insert(k.to_string(), value);
    }
    Ok(out)
}

fn effective(updates: &Updates) -> BTreeMap<String, String> {
    updates
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone())))
        .collect()
}

fn apply(target: &mut BTreeMap<String, String>, updates: &Updates) {
    for (k, v) in updates {
        match v {
            Some(v) => {
                target.insert(k.clone(), v.clone());
            }
            None => {
                target.remove(k);
            }
        }
    }
}

fn required_string(body: &Value, field: &str) -> Result<String, String> {
    match body.get(field) {
        None => Err(format!("{field}: is required")),
        Some(Value::String(s)) => Ok(s.to_string()),
        Some(v) => Err(format!("{field}: must be a string, got {}", v.kind())),
    }
}

fn optional_string(body: &Value, field: &str) -> Result<Option<String>, String> {
    match body.get(field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.to_string())),
        Some(v) => Err(format!("{field}: must be a string, got {}", v.kind())),
    }
}

fn discriminate(body: &Value) -> Result<Option<Vec<String>>, String> {
    let v = match body.get("discriminateByTags") {
        None => return Ok(None),
        Some(v) => v,
    };
    let items = v
        .as_array()
        .ok_or_else(|| format!("discriminateByTags: must be an array, got {}", v.kind()))?;
    items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            x.as_str().map(str::to_string).ok_or_else(|| {
                format!(
                    "discriminateByTags[{i}]: must be a string, got {}",
                    x.kind()
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Does a stored record with `stored` tags match a request with effective tags `req`?
///
/// Without a discriminator list, all tags must be equal; with one, only the listed tags
/// (a listed tag absent from the request matches records lacking it). When the request
/// sets none of the compared tags, nothing matches: the call always creates.
pub fn tags_match(
    stored: &BTreeMap<String, String>,
    req: &BTreeMap<String, String>,
    disc: Option<&[String]>,
) -> bool {
    match disc {
        None => !req.is_empty() && stored == req,
        Some(names) => {
            let mut any_set = false;
            for name in names {
                let want = req.get(name);
                any_set |= want.is_some();
                if stored.get(name) != want {
                    return false;
                }
            }
            any_set
        }
    }
}

/// The next `updatedAt` of a record: now, but always later than the previous one, so a
/// found record visibly changes even within the same millisecond.
fn bump(previous: u64, now: u64) -> u64 {
    now.max(previous + 1)
}

fn conversation_json(c: &Conversation) -> String {
    let mut o = Obj::new()
        .str("id", &c.id)
        .str("createdAt", &ids::rfc3339(c.created_at))
        .str("updatedAt", &ids::rfc3339(c.updated_at))
        .str("channel", &c.channel)
        .str("integration", &c.integration)
        .raw("tags", &json::string_map(&c.tags))
        .num("messageCount", c.message_count);
    if !c.properties.is_empty() {
        o = o.raw("properties", &json::string_map(&c.properties));
    }
    o.finish()
}

fn message_json(m: &Message) -> String {
    let mut o = Obj::new()
        .str("id", &m.id)
        .str("createdAt", &ids::rfc3339(m.created_at))
        .str("updatedAt", &ids::rfc3339(m.updated_at))
        .str("type", &m.kind)
        .raw("payload", &m.payload.to_json())
        .str("direction", "outgoing")
        .str("userId", &m.user_id)
        .str("conversationId", &m.conversation_id)
        .raw("tags", &json::string_map(&m.tags));
    if let Some(origin) = &m.origin {
        o = o.str("origin", origin);
    }
    o.finish()
}

fn envelope(key: &str, record: &str, created: bool) -> String {
    Obj::new()
        .raw(key, record)
        .raw("meta", &Obj::new().bool("created", created).finish())
        .finish()
}

impl Store {
    pub fn clear(&mut self) {
        self.bots.clear();
    }

    pub fn conversation_count(&self) -> usize {
        self.bots.values().map(|b| b.conversations.len()).sum()
    }

    pub fn message_count(&self) -> usize {
        self.bots
            .values()
            .flat_map(|b| b.messages.values())
            .map(Vec::len)
            .sum()
    }

    pub fn get_or_create_conversation(&mut self, bot: &str, body: &Value, now: u64) -> Outcome {
        match self.conversation(bot, body, now) {
            Ok(o) => o,
            Err(msg) => Outcome::Invalid(msg),
        }
    }

    pub fn get_or_create_message(&mut self, bot: &str, body: &Value, now: u64) -> Outcome {
        match self.message(bot, body, now) {
            Ok(o) => o,
            Err(msg) => Outcome::Invalid(msg),
        }
    }

    fn conversation(&mut self, bot: &str, body: &Value, now: u64) -> Result<Outcome, String> {
        if body.as_object().is_none() {
            return Err(format!("body must be an object, got {}", body.kind()));
        }
        let channel = required_string(body, "channel")?;
        let tags = string_map_updates(body, "tags", true)?;
        let properties = string_map_updates(body, "properties", false)?;
        let integration = optional_string(body, "integrationName")?;
        let disc = discriminate(body)?;
        let want = effective(&tags);

        let bot = self.bots.entry(bot.to_string()).or_default();
        let found = bot
            .conversations
            .iter()
            .position(|c| c.channel == channel && tags_match(&c.tags, &want, disc.as_deref()));
        if let Some(i) = found {
            let c = &mut bot.conversations[i];
            apply(&mut c.tags, &tags);
            apply(&mut c.properties, &properties);
            c.updated_at = bump(c.updated_at, now);
            let body = envelope("conversation", &conversation_json(c), false);
            return Ok(Outcome::Done {
                body,
                created: false,
            });
        }
        let c = Conversation {
            id: ids::prefixed("conv"),
            created_at: now,
            updated_at: now,
            channel,
            integration: integration
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "emulator".to_string()),
            tags: want,
            properties: effective(&properties),
            message_count: 0,
        };
        let body = envelope("conversation", &conversation_json(&c), true);
        bot.by_id.insert(c.id.clone(), bot.conversations.len());
        bot.conversations.push(c);
        Ok(Outcome::Done {
            body,
            created: true,
        })
    }

    fn message(&mut self, bot: &str, body: &Value, now: u64) -> Result<Outcome, String> {
        if body.as_object().is_none() {
            return Err(format!("body must be an object, got {}", body.kind()));
        }
        let payload = match body.get("payload") {
            Some(p @ Value::Object(_)) => p.clone(),
            Some(p) => return Err(format!("payload: must be an object, got {}", p.kind())),
            None => return Err("payload: is required".to_string()),
        };
        let user_id = required_string(body, "userId")?;
        let conversation_id = required_string(body, "conversationId")?;
        let kind = required_string(body, "type")?;
        let tags = string_map_updates(body, "tags", true)?;
        let origin = optional_string(body, "origin")?;
        let disc = discriminate(body)?;
        let want = effective(&tags);

        let bot = self.bots.entry(bot.to_string()).or_default();
        let conv_index = match bot.by_id.get(&conversation_id) {
            Some(&i) => i,
            None => {
                return Ok(Outcome::NotFound(format!(
                    "Conversation {conversation_id} does not exist"
                )))
            }
        };
        let list = bot.messages.entry(conversation_id.clone()).or_default();
        if let Some(m) = list
            .iter_mut()
            .find(|m| tags_match(&m.tags, &want, disc.as_deref()))
        {
            apply(&mut m.tags, &tags);
            m.updated_at = bump(m.updated_at, now);
            let body = envelope("message", &message_json(m), false);
            return Ok(Outcome::Done {
                body,
                created: false,
            });
        }
        let m = Message {
            id: ids::prefixed("msg"),
            created_at: now,
            updated_at: now,
            kind,
            payload,
            user_id,
            conversation_id,
            tags: want,
            origin,
        };
        let body = envelope("message", &message_json(&m), true);
        list.push(m);
        if let Some(c) = bot.conversations.get_mut(conv_index) {
            c.message_count += 1;
        }
        Ok(Outcome::Done {
            body,
            created: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matching_rules() {
        let stored = tags(&[("foo", "a"), ("bar", "b"), ("baz", "c")]);
        // All tags must be equal without a list.
        assert!(tags_match(&stored, &stored.clone(), None));
        assert!(!tags_match(
            &stored,
            &tags(&[("bar", "b"), ("baz", "c")]),
            None
        ));
        // The API's own example: ["bar","baz"] matches on those only.
        let disc = names(&["bar", "baz"]);
        assert!(tags_match(
            &stored,
            &tags(&[("bar", "b"), ("baz", "c"), ("foo", "zz")]),
            Some(&disc)
        ));
        assert!(!tags_match(
            &stored,
            &tags(&[("bar", "b"), ("baz", "X")]),
            Some(&disc)
        ));
        // A listed tag absent from the request matches records lacking it…
        let disc = names(&["bar", "qux"]);
        assert!(tags_match(&stored, &tags(&[("bar", "b")]), Some(&disc)));
        // …and not records having it.
        let disc = names(&["bar", "foo"]);
        assert!(!tags_match(&stored, &tags(&[("bar", "b")]), Some(&disc)));
        // Empty effective sets never match.
        assert!(!tags_match(&BTreeMap::new(), &BTreeMap::new(), None));
        assert!(!tags_match(&stored, &stored.clone(), Some(&[])));
        assert!(!tags_match(
            &BTreeMap::new(),
            &tags(&[("x", "1")]),
            Some(&names(&["y"]))
        ));
    }

    fn v(s: &str) -> Value {
        Value::parse_owned(s).unwrap()
    }

    fn done(o: Outcome) -> (serde_json::Value, bool) {
        match o {
            Outcome::Done { body, created } => (serde_json::from_str(&body).unwrap(), created),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn conversation_then_message() {
        let mut s = Store::default();
        let (c, created) = done(s.get_or_create_conversation(
            "bot",
            &v(r#"{"channel":"web","tags":{"k":"1","gone":null,"empty":""},"properties":{"p":"x"}}"#),
            1000,
        ));
        assert!(created);
        assert_eq!(c["meta"]["created"], true);
        let conv = &c["conversation"];
        assert_eq!(conv["tags"], serde_json::json!({"k":"1"}));
        assert_eq!(conv["integration"], "emulator");
        assert_eq!(conv["properties"], serde_json::json!({"p":"x"}));
        assert_eq!(conv["createdAt"], "1970-01-01T00:00:01.000Z");
        let id = conv["id"].as_str().unwrap().to_string();

        let body = format!(
            r#"{{"payload":{{"text":"hi"}},"userId":"user_01234567890123456789012345","conversationId":"{id}","type":"text","tags":{{"m":"1"}}}}"#
        );
        let (m, created) = done(s.get_or_create_message("bot", &v(&body), 1000));
        assert!(created);
        assert_eq!(m["message"]["payload"], serde_json::json!({"text":"hi"}));
        assert_eq!(m["message"]["direction"], "outgoing");
        // Same tags, same message; updatedAt moves even at the same instant.
        let (m2, created) = done(s.get_or_create_message("bot", &v(&body), 1000));
        assert!(!created);
        assert_eq!(m2["message"]["id"], m["message"]["id"]);
        assert_eq!(m2["message"]["updatedAt"], "1970-01-01T00:00:01.001Z");
        // Other bot: the conversation does not exist there.
        assert!(matches!(
            s.get_or_create_message("other", &v(&body), 1000),
            Outcome::NotFound(_)
        ));
        let (c2, created) = done(s.get_or_create_conversation(
            "bot",
            &v(r#"{"channel":"web","tags":{"k":"1"}}"#),
            2000,
        ));
        assert!(!created);
        assert_eq!(c2["conversation"]["messageCount"], 1);
        assert_eq!(s.conversation_count(), 1);
        assert_eq!(s.message_count(), 1);
    }

    #[test]
    fn defensive_extraction() {
        let mut s = Store::default();
        for bad in [
            r#"[]"#,
            r#"{"tags":{}}"#,
            r#"{"channel":1,"tags":{}}"#,
            r#"{"channel":"c","tags":{"a":1}}"#,
            r#"{"channel":"c","tags":{},"discriminateByTags":[1]}"#,
        ] {
            assert!(
                matches!(
                    s.get_or_create_conversation("b", &v(bad), 0),
                    Outcome::Invalid(_)
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            s.get_or_create_message("b", &v(r#"{"payload":1}"#), 0),
            Outcome::Invalid(_)
        ));
    }
}

//! Response bodies (`getOrCreate*.response.json`, `Conversation.json`, `Message.json`, plus
//! the newer revision's `meta`, `messageCount` and `properties`). Unknown fields are
//! ignored, so a newer server keeps working.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::payload::JsonObject;
use crate::model::request::Origin;
use crate::model::shape::{model, string_enum, Rule};

/// Tags of a stored record.
pub type Tags = BTreeMap<String, String>;

/// An ID of 28 to 36 characters.
const ID: Rule = Rule::Str {
    min: 28,
    max: Some(36),
};
/// Any string.
const ANY_STR: Rule = Rule::Str { min: 0, max: None };
/// An ISO 8601 date-time.
const DATE_TIME: Rule = Rule::DateTime { min: 0, max: None };
/// Tags of a stored record.
const TAGS: Rule = Rule::StrMap { max: None };

model! {
    /// Sent by newer API revisions.
    #[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct Meta {
        /// `true` when this call created the record, `false` when it found an existing one.
        req created: bool = "created", Rule::Bool;
    }
}

model! {
    /// An exchange of messages, always linked to an integration's channel.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[cfg_attr(target_arch = "wasm32", tsify(hashmap_as_object))]
    pub struct Conversation {
        req id: String = "id", ID;
        /// ISO 8601.
        req created_at: String = "createdAt", DATE_TIME;
        /// ISO 8601.
        req updated_at: String = "updatedAt", DATE_TIME;
        req channel: String = "channel", ANY_STR;
        /// Name of the integration that created the conversation.
        req integration: String = "integration", ANY_STR;
        req tags: Tags = "tags", TAGS;
        /// Number of messages (newer API revisions).
        opt message_count: Option<u64> = "messageCount", Rule::Num;
        /// Experimental shared properties (newer API revisions).
        opt properties: Option<Tags> = "properties", TAGS;
        /// @deprecated Unused by the API.
        opt current_task_id: Option<String> = "currentTaskId", ID;
        opt current_workflow_id: Option<String> = "currentWorkflowId", ID;
    }
}

string_enum! {
    /// Which way a message went.
    #[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub enum Direction {
        Incoming = "incoming",
        Outgoing = "outgoing",
    }
}

model! {
    /// A message of a conversation, as stored.
    #[derive(Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[cfg_attr(target_arch = "wasm32", tsify(hashmap_as_object))]
    pub struct Message {
        req id: String = "id", ID;
        /// ISO 8601.
        req created_at: String = "createdAt", DATE_TIME;
        /// ISO 8601.
        req updated_at: String = "updatedAt", DATE_TIME;
        /// The message type (`text`, `image`, … or an integration's own).
        req r#type: String = "type", Rule::Str { min: 0, max: Some(200) };
        #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
        req payload: JsonObject = "payload", Rule::AnyObj;
        req direction: Direction = "direction", Rule::Enum(&Direction::VALUES);
        req user_id: String = "userId", ID;
        req conversation_id: String = "conversationId", ID;
        req tags: Tags = "tags", TAGS;
        opt origin: Option<Origin> = "origin", Rule::Enum(&Origin::VALUES);
    }
}

model! {
    /// Result of `getOrCreateConversation`.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct GetOrCreateConversationOutput {
        req conversation: Conversation = "conversation", Rule::Shape(&Conversation::FIELDS);
        /// Passed through when the server sends it.
        opt meta: Option<Meta> = "meta", Rule::Shape(&Meta::FIELDS);
    }
}

model! {
    /// Result of `getOrCreateMessage`.
    #[derive(Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct GetOrCreateMessageOutput {
        req message: Message = "message", Rule::Shape(&Message::FIELDS);
        /// Passed through when the server sends it.
        opt meta: Option<Meta> = "meta", Rule::Shape(&Meta::FIELDS);
    }
}

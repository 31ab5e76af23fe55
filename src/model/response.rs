//! Response bodies (`getOrCreate*.response.json`, `Conversation.json`, `Message.json`, plus
//! the newer revision's `meta`, `messageCount` and `properties`). Unknown fields are
//! ignored, so a newer server keeps working.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::payload::JsonObject;
use crate::model::request::Origin;

/// Tags of a stored record.
pub type Tags = BTreeMap<String, String>;

/// Sent by newer API revisions.
#[derive(Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// `true` when this call created the record, `false` when it found an existing one.
    pub created: bool,
}

/// An exchange of messages, always linked to an integration's channel.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: String,
    /// ISO 8601.
    pub created_at: String,
    /// ISO 8601.
    pub updated_at: String,
    pub channel: String,
    /// Name of the integration that created the conversation.
    pub integration: String,
    pub tags: Tags,
    /// Number of messages (newer API revisions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_count: Option<u64>,
    /// Experimental shared properties (newer API revisions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Tags>,
    /// @deprecated Unused by the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_task_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_workflow_id: Option<String>,
}

/// Which way a message went.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Incoming,
    Outgoing,
}

/// A message of a conversation, as stored.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    /// ISO 8601.
    pub created_at: String,
    /// ISO 8601.
    pub updated_at: String,
    /// The message type (`text`, `image`, … or an integration's own).
    pub r#type: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub payload: JsonObject,
    pub direction: Direction,
    pub user_id: String,
    pub conversation_id: String,
    pub tags: Tags,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Result of `getOrCreateConversation`.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GetOrCreateConversationOutput {
    pub conversation: Conversation,
    /// Passed through when the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// Result of `getOrCreateMessage`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GetOrCreateMessageOutput {
    pub message: Message,
    /// Passed through when the server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

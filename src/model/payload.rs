//! Message payloads: the known kinds of `@botpress/sdk`'s `messages.defaults` (plus the
//! deprecated `markdown`), and a branch for integration-defined types.
//!
//! In the Cloud API the payload has no `type` of its own: the message's top-level `type`
//! names the shape. [`KnownMessage`] is therefore adjacently tagged (`type` + `payload`), and
//! [`MessageContent`] adds the custom branch. Every known payload object keeps the keys it
//! does not model in `extra` ([`PayloadExtensions`]), since integrations add e.g. `metadata`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::Value;

/// Keys of a known payload object beyond the documented ones, kept and sent unchanged.
/// In TypeScript every known payload `extends PayloadExtensions`, an empty interface that
/// callers may augment (so a misspelt key in an object literal is still a type error).
pub type PayloadExtensions = BTreeMap<String, Value>;

/// A free-form JSON object: the payload of a custom message type, or of a response message.
pub type JsonObject = BTreeMap<String, Value>;

/// The `type` values with a known payload shape, in the order of [`KnownMessage`].
pub const KNOWN_MESSAGE_TYPES: [&str; 12] = [
    "text", "image", "audio", "video", "file", "location", "card", "carousel", "choice",
    "dropdown", "bloc", "markdown",
];

/// The item kinds a `bloc` may hold, in the order of [`BlocItem`].
pub const BLOC_ITEM_TYPES: [&str; 7] = [
    "text", "image", "audio", "video", "file", "location", "markdown",
];

/// `{ text }`
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TextPayload {
    /// At least one character.
    pub text: String,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ imageUrl, title? }`
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImagePayload {
    /// At least one character.
    pub image_url: String,
    /// At least one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ audioUrl, title? }`
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AudioPayload {
    /// At least one character.
    pub audio_url: String,
    /// At least one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ videoUrl, title? }`
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct VideoPayload {
    /// At least one character.
    pub video_url: String,
    /// At least one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ fileUrl, title? }`
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FilePayload {
    /// At least one character.
    pub file_url: String,
    /// At least one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ latitude, longitude, address?, title? }`
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LocationPayload {
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// What a card button does.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum CardActionType {
    Postback,
    Url,
    Say,
}

/// A card button: `{ action, label, value }`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CardAction {
    pub action: CardActionType,
    /// At least one character.
    pub label: String,
    /// At least one character.
    pub value: String,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ title, subtitle?, imageUrl?, actions }`; also the item of a carousel.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CardPayload {
    /// At least one character.
    pub title: String,
    /// At least one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// At least one character.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// May be empty.
    pub actions: Vec<CardAction>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ items }`: cards, each without a `type` of its own.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CarouselPayload {
    pub items: Vec<CardPayload>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// An option of a choice or dropdown: `{ label, value }`.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChoiceOption {
    /// At least one character.
    pub label: String,
    /// At least one character.
    pub value: String,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// `{ text, options }`, the payload of `choice` and of `dropdown`.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChoicePayload {
    /// At least one character.
    pub text: String,
    /// May be empty.
    pub options: Vec<ChoiceOption>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// The `dropdown` payload has the same schema as `choice`.
pub type DropdownPayload = ChoicePayload;

/// `{ markdown }`. Deprecated by Botpress in favour of `text`.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MarkdownPayload {
    /// At least one character.
    pub markdown: String,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// One item of a `bloc`: `{ type, payload }`, nested as in `@botpress/sdk`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "type", content = "payload", rename_all = "camelCase")]
pub enum BlocItem {
    Text(TextPayload),
    Image(ImagePayload),
    Audio(AudioPayload),
    Video(VideoPayload),
    File(FilePayload),
    Location(LocationPayload),
    Markdown(MarkdownPayload),
}

/// `{ items }`: a sequence of simple messages sent as one.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BlocPayload {
    pub items: Vec<BlocItem>,
    #[serde(flatten)]
    pub extra: PayloadExtensions,
}

/// A message of a known type: `type` selects the `payload` shape.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "type", content = "payload", rename_all = "camelCase")]
pub enum KnownMessage {
    Text(TextPayload),
    Image(ImagePayload),
    Audio(AudioPayload),
    Video(VideoPayload),
    File(FilePayload),
    Location(LocationPayload),
    Card(CardPayload),
    Carousel(CarouselPayload),
    Choice(ChoicePayload),
    Dropdown(DropdownPayload),
    Bloc(BlocPayload),
    /// @deprecated Use `text`.
    Markdown(MarkdownPayload),
}

impl KnownMessage {
    /// The wire value of `type`.
    pub fn message_type(&self) -> &'static str {
        let i = match self {
            KnownMessage::Text(_) => 0,
            KnownMessage::Image(_) => 1,
            KnownMessage::Audio(_) => 2,
            KnownMessage::Video(_) => 3,
            KnownMessage::File(_) => 4,
            KnownMessage::Location(_) => 5,
            KnownMessage::Card(_) => 6,
            KnownMessage::Carousel(_) => 7,
            KnownMessage::Choice(_) => 8,
            KnownMessage::Dropdown(_) => 9,
            KnownMessage::Bloc(_) => 10,
            KnownMessage::Markdown(_) => 11,
        };
        KNOWN_MESSAGE_TYPES[i]
    }
}

/// A message of an integration-defined type: any `type` outside [`KNOWN_MESSAGE_TYPES`],
/// with any object as payload.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
pub struct CustomMessage {
    /// Deserializing rejects the known types, so a known type with a wrong payload is an
    /// error rather than a custom message.
    #[serde(deserialize_with = "custom_type")]
    pub r#type: String,
    pub payload: JsonObject,
}

fn custom_type<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let t = String::deserialize(d)?;
    if KNOWN_MESSAGE_TYPES.contains(&t.as_str()) {
        return Err(serde::de::Error::custom(
            "a known message type whose payload does not match its schema",
        ));
    }
    Ok(t)
}

/// The `type` + `payload` pair of a message: a known kind, or a custom one.
/// Serialized flat: `{"type": …, "payload": {…}}`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
#[serde(untagged)]
pub enum MessageContent {
    Known(KnownMessage),
    Custom(CustomMessage),
}

impl MessageContent {
    /// The wire value of `type`.
    pub fn message_type(&self) -> &str {
        match self {
            MessageContent::Known(k) => k.message_type(),
            MessageContent::Custom(c) => &c.r#type,
        }
    }
}

impl From<KnownMessage> for MessageContent {
    fn from(k: KnownMessage) -> Self {
        MessageContent::Known(k)
    }
}

impl From<CustomMessage> for MessageContent {
    fn from(c: CustomMessage) -> Self {
        MessageContent::Custom(c)
    }
}

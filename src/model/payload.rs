//! Message payloads: the known kinds of `@botpress/sdk`'s `messages.defaults` (plus the
//! deprecated `markdown`), and a branch for integration-defined types.
//!
//! In the Cloud API the payload has no `type` of its own: the message's top-level `type`
//! names the shape. [`KnownMessage`] is therefore adjacently tagged (`type` + `payload`), and
//! [`MessageContent`] adds the custom branch. Every known payload object keeps the keys it
//! does not model in `extra` ([`PayloadExtensions`]), since integrations add e.g. `metadata`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::shape::{kinds, model, string_enum, Rule};
use crate::model::Value;

/// Keys of a known payload object beyond the documented ones, kept and sent unchanged.
/// In TypeScript every known payload `extends PayloadExtensions`, an empty interface that
/// callers may augment (so a misspelt key in an object literal is still a type error).
pub type PayloadExtensions = BTreeMap<String, Value>;

/// A free-form JSON object: the payload of a custom message type, or of a response message.
pub type JsonObject = BTreeMap<String, Value>;

/// The `type` values with a known payload shape, in the order of [`KnownMessage`].
pub const KNOWN_MESSAGE_TYPES: &[&str] = KnownMessage::TYPES;

/// The item kinds a `bloc` may hold, in the order of [`BlocItem`].
pub const BLOC_ITEM_TYPES: &[&str] = BlocItem::TYPES;

/// A string of at least one character (the payloads' `minLength: 1`).
const NON_EMPTY: Rule = Rule::Str { min: 1, max: None };
/// Any string.
const ANY_STR: Rule = Rule::Str { min: 0, max: None };

model! {
    /// `{ text }`
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct TextPayload {
        /// At least one character.
        req text: String = "text", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ imageUrl, title? }`
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct ImagePayload {
        /// At least one character.
        req image_url: String = "imageUrl", NON_EMPTY;
        /// At least one character.
        opt title: Option<String> = "title", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ audioUrl, title? }`
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct AudioPayload {
        /// At least one character.
        req audio_url: String = "audioUrl", NON_EMPTY;
        /// At least one character.
        opt title: Option<String> = "title", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ videoUrl, title? }`
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct VideoPayload {
        /// At least one character.
        req video_url: String = "videoUrl", NON_EMPTY;
        /// At least one character.
        opt title: Option<String> = "title", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ fileUrl, title? }`
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct FilePayload {
        /// At least one character.
        req file_url: String = "fileUrl", NON_EMPTY;
        /// At least one character.
        opt title: Option<String> = "title", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ latitude, longitude, address?, title? }`
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct LocationPayload {
        req latitude: f64 = "latitude", Rule::Num;
        req longitude: f64 = "longitude", Rule::Num;
        opt address: Option<String> = "address", ANY_STR;
        opt title: Option<String> = "title", ANY_STR;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

string_enum! {
    /// What a card button does.
    #[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub enum CardActionType {
        Postback = "postback",
        Url = "url",
        Say = "say",
    }
}

model! {
    /// A card button: `{ action, label, value }`.
    #[derive(Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct CardAction {
        req action: CardActionType = "action", Rule::Enum(&CardActionType::VALUES);
        /// At least one character.
        req label: String = "label", NON_EMPTY;
        /// At least one character.
        req value: String = "value", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ title, subtitle?, imageUrl?, actions }`; also the item of a carousel.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct CardPayload {
        /// At least one character.
        req title: String = "title", NON_EMPTY;
        /// At least one character.
        opt subtitle: Option<String> = "subtitle", NON_EMPTY;
        /// At least one character.
        opt image_url: Option<String> = "imageUrl", NON_EMPTY;
        /// May be empty.
        req actions: Vec<CardAction> = "actions", Rule::Arr(&CardAction::FIELDS);
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ items }`: cards, each without a `type` of its own.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct CarouselPayload {
        req items: Vec<CardPayload> = "items", Rule::Arr(&CardPayload::FIELDS);
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// An option of a choice or dropdown: `{ label, value }`.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct ChoiceOption {
        /// At least one character.
        req label: String = "label", NON_EMPTY;
        /// At least one character.
        req value: String = "value", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

model! {
    /// `{ text, options }`, the payload of `choice` and of `dropdown`.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct ChoicePayload {
        /// At least one character.
        req text: String = "text", NON_EMPTY;
        /// May be empty.
        req options: Vec<ChoiceOption> = "options", Rule::Arr(&ChoiceOption::FIELDS);
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

/// The `dropdown` payload has the same schema as `choice`.
pub type DropdownPayload = ChoicePayload;

model! {
    /// `{ markdown }`. Deprecated by Botpress in favour of `text`.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct MarkdownPayload {
        /// At least one character.
        req markdown: String = "markdown", NON_EMPTY;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

kinds! {
    /// One item of a `bloc`: `{ type, payload }`, nested as in `@botpress/sdk`.
    #[derive(Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(tag = "type", content = "payload")]
    pub enum BlocItem {
        Text = "text"(TextPayload),
        Image = "image"(ImagePayload),
        Audio = "audio"(AudioPayload),
        Video = "video"(VideoPayload),
        File = "file"(FilePayload),
        Location = "location"(LocationPayload),
        Markdown = "markdown"(MarkdownPayload),
    }
}

model! {
    /// `{ items }`: a sequence of simple messages sent as one.
    #[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    pub struct BlocPayload {
        req items: Vec<BlocItem> = "items", Rule::BlocItems;
        #[serde(flatten)]
        pub extra: PayloadExtensions;
    }
}

kinds! {
    /// A message of a known type: `type` selects the `payload` shape.
    #[derive(Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(not(target_arch = "wasm32"), derive(Debug))]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(tag = "type", content = "payload")]
    pub enum KnownMessage {
        Text = "text"(TextPayload),
        Image = "image"(ImagePayload),
        Audio = "audio"(AudioPayload),
        Video = "video"(VideoPayload),
        File = "file"(FilePayload),
        Location = "location"(LocationPayload),
        Card = "card"(CardPayload),
        Carousel = "carousel"(CarouselPayload),
        Choice = "choice"(ChoicePayload),
        Dropdown = "dropdown"(DropdownPayload),
        Bloc = "bloc"(BlocPayload),
        /// @deprecated Use `text`.
        Markdown = "markdown"(MarkdownPayload),
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

//! Turning text into HTML: Markdown and plain-text bodies ([`markdown`]),
//! highlighted code ([`highlight`]), link destinations ([`href`]) and Tera
//! templates ([`templates`]).

pub mod annotate;
pub mod highlight;
pub mod href;
pub mod markdown;
pub mod templates;

pub use markdown::{Parsed, Rendered, render_markdown, render_plain};
pub use templates::Theme;

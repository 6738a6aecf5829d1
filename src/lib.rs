//! brief: a static-site generator for briefing reports.
//!
//! An analyst team keeps source articles and Markdown analyst notes in a git
//! repository; brief renders them through Tera templates into a static site
//! with a page per article, note, actor and topic, and a stance summary.
//!
//! The pipeline: [`content::load`] reads the site into a [`model::Corpus`];
//! [`analysis`] derives stances; [`render`] turns Markdown and templates into
//! HTML; [`site::build`] renders every page and writes the output atomically;
//! [`serve`] keeps a [`site::Session`] rebuilding what changes, behind a
//! local HTTP server with live reload.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
mod lanes;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;

/// Drops `value` on a worker thread of the pool: a site's parsed files, its
/// facts and its corpus are millions of allocations, and freeing them one
/// by one is work that nothing after it needs to wait for. A process that
/// exits first leaves them to the OS.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

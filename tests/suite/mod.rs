mod build;
mod cli;
mod example;
mod incremental;
mod invalid;
mod quotes;
mod serve;
mod support;

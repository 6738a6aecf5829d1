mod build;
mod cli;
mod example;
mod invalid;
mod quotes;
mod support;

//! The integration tests: one binary, modules by subject.

mod suite;

//! Bytes eight at a time in a `u64` (SWAR): what the text scanners share,
//! so that each tests a whole lane of ASCII at once.

/// The high bit of each byte: set in a lane only by bytes that are not ASCII.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lane whose eight bytes are all `b`.
pub const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

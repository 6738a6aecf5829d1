//! Ids of items and tags: lowercase ASCII words joined by hyphens.

/// The id for a file stem or a tag: "Türkiye's Role" becomes "turkiye-s-role".
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ascii_hyphenated() {
        assert_eq!(slugify("Istanbul Talks"), "istanbul-talks");
        assert_eq!(slugify("Türkiye"), "turkiye");
        assert_eq!(slugify("000_0c84afd9f6e08bc6"), "000-0c84afd9f6e08bc6");
    }
}

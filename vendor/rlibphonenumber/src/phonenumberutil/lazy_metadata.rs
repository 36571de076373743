// Copyright (C) 2026 mateo-import authors. Licensed under the Apache License, Version 2.0.
//
// MATEO PATCH 4 (PATCHES.md): the built-in metadata is decoded per region on first use.
//
// `PhoneNumberUtil::new` used to decode the whole metadata (245 regions, 229 KB of protobuf)
// before its first answer: most of the time to a program's first result, and far more in wasm,
// where that first run is in V8's baseline tier. Building the calling-code maps needs only
// three fields of each region (`id`, `country_code`, `main_country_for_code`), which a scan of
// the encoded bytes finds without decoding the rest.

use std::{collections::hash_map::Keys, hash::Hash, sync::OnceLock};

use prost::Message;
use rustc_hash::FxHashMap;

use super::regex_wrapper_types::PhoneMetadataWrapper;
use crate::PhoneMetadata;

/// One region's metadata: decoded already, or its encoded bytes, decoded on first use.
pub(crate) struct LazyMetadata {
    bytes: &'static [u8],
    country_code: Option<i32>,
    /// Boxed: a decoded region is a few kilobytes, which the map would otherwise move on
    /// every insert and rehash.
    decoded: OnceLock<Box<PhoneMetadataWrapper>>,
}

impl LazyMetadata {
    pub(crate) fn decoded(metadata: PhoneMetadata) -> Self {
        let country_code = metadata.country_code;
        Self {
            bytes: &[],
            country_code,
            decoded: OnceLock::from(Box::new(PhoneMetadataWrapper::from(metadata))),
        }
    }

    pub(crate) fn encoded(bytes: &'static [u8], country_code: Option<i32>) -> Self {
        Self {
            bytes,
            country_code,
            decoded: OnceLock::new(),
        }
    }

    /// The calling code, without decoding the metadata.
    pub(crate) fn country_code(&self) -> Option<i32> {
        self.country_code
    }

    pub(crate) fn get(&self) -> &PhoneMetadataWrapper {
        // The bytes are the crate's own metadata, checked by `scan` and by a test that decodes
        // every region this way; an empty metadata is only a fallback that cannot be reached.
        self.decoded
            .get_or_init(|| Box::new(PhoneMetadata::decode(self.bytes).unwrap_or_default().into()))
    }
}

/// A map of region (or calling code) to metadata that decodes on lookup.
pub(crate) struct MetadataMap<K> {
    map: FxHashMap<K, LazyMetadata>,
}

impl<K> Default for MetadataMap<K> {
    fn default() -> Self {
        Self {
            map: FxHashMap::default(),
        }
    }
}

impl<K: Hash + Eq> MetadataMap<K> {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            map: FxHashMap::with_capacity_and_hasher(capacity, Default::default()),
        }
    }

    pub(crate) fn insert(&mut self, key: K, metadata: LazyMetadata) {
        self.map.insert(key, metadata);
    }

    pub(crate) fn get(&self, key: &K) -> Option<&PhoneMetadataWrapper> {
        self.map.get(key).map(LazyMetadata::get)
    }

    /// The calling code, without decoding the metadata.
    pub(crate) fn country_code(&self, key: &K) -> Option<i32> {
        self.map.get(key).and_then(LazyMetadata::country_code)
    }

    pub(crate) fn keys(&self) -> Keys<'_, K, LazyMetadata> {
        self.map.keys()
    }
}

/// What `scan` finds of one region without decoding it.
pub(crate) struct ScannedMetadata {
    pub id: String,
    pub country_code: Option<i32>,
    pub main_country_for_code: bool,
    pub bytes: &'static [u8],
}

/// The regions of an encoded `PhoneMetadataCollection` (field 1, repeated `PhoneMetadata`),
/// with the fields `id` (9), `country_code` (10) and `main_country_for_code` (22) read from
/// each. `None` when the bytes are not well-formed protobuf.
pub(crate) fn scan(collection: &'static [u8]) -> Option<Vec<ScannedMetadata>> {
    let mut regions = Vec::with_capacity(256);
    let mut reader = Reader {
        bytes: collection,
        at: 0,
    };
    while !reader.done() {
        let (field, wire_type) = reader.key()?;
        if field == 1 && wire_type == 2 {
            regions.push(scan_region(reader.length_delimited()?)?);
        } else {
            reader.skip(wire_type)?;
        }
    }
    Some(regions)
}

fn scan_region(bytes: &'static [u8]) -> Option<ScannedMetadata> {
    let mut found = ScannedMetadata {
        id: String::new(),
        country_code: None,
        main_country_for_code: false,
        bytes,
    };
    let mut reader = Reader { bytes, at: 0 };
    while !reader.done() {
        match reader.key()? {
            (9, 2) => {
                found.id = std::str::from_utf8(reader.length_delimited()?)
                    .ok()?
                    .to_owned()
            }
            // int32: negative values are sign-extended to 64 bits, so truncation is the decode.
            (10, 0) => found.country_code = Some(reader.varint()? as i32),
            (22, 0) => found.main_country_for_code = reader.varint()? != 0,
            (_, wire_type) => reader.skip(wire_type)?,
        }
    }
    Some(found)
}

struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn key(&mut self) -> Option<(u64, u64)> {
        let key = self.varint()?;
        Some((key >> 3, key & 7))
    }

    fn length_delimited(&mut self) -> Option<&'static [u8]> {
        let len = usize::try_from(self.varint()?).ok()?;
        let end = self.at.checked_add(len)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn skip(&mut self, wire_type: u64) -> Option<()> {
        match wire_type {
            0 => {
                self.varint()?;
            }
            1 => self.at = self.at.checked_add(8).filter(|&e| e <= self.bytes.len())?,
            2 => {
                self.length_delimited()?;
            }
            5 => self.at = self.at.checked_add(4).filter(|&e| e <= self.bytes.len())?,
            _ => return None,
        }
        Some(())
    }
}

#[cfg(all(test, feature = "builtin_metadata"))]
mod tests {
    use super::{LazyMetadata, scan};
    use crate::{PhoneMetadata, PhoneMetadataCollection, generated::metadata::METADATA};
    use prost::Message;

    /// Every region decoded lazily equals the eager decode of the whole collection, and the
    /// scanned fields are the decoded ones.
    #[test]
    fn lazy_regions_equal_the_eager_decode() {
        let eager = PhoneMetadataCollection::decode(METADATA).unwrap();
        let scanned = scan(METADATA).unwrap();
        assert_eq!(scanned.len(), eager.metadata.len());
        assert!(scanned.len() > 240);
        for (scanned, eager) in scanned.iter().zip(&eager.metadata) {
            assert_eq!(scanned.id, eager.id);
            assert_eq!(scanned.country_code, eager.country_code);
            assert_eq!(scanned.main_country_for_code, eager.main_country_for_code());
            assert_eq!(&PhoneMetadata::decode(scanned.bytes).unwrap(), eager);
            let lazy = LazyMetadata::encoded(scanned.bytes, scanned.country_code);
            assert_eq!(lazy.get().original.id, eager.id);
            assert_eq!(lazy.get().original.country_code, eager.country_code);
        }
    }

    #[test]
    fn malformed_bytes_are_refused() {
        static TRUNCATED: [u8; 3] = [0x0A, 0x05, 0x4A];
        static BAD_WIRE_TYPE: [u8; 1] = [0x0F];
        assert!(scan(&TRUNCATED).is_none());
        assert!(scan(&BAD_WIRE_TYPE).is_none());
    }
}

/// MATEO PATCH 5: the premise of the literal-prefix shortcut, on the shipped metadata: where a
/// national or international prefix pattern is a digit literal, its anchored regex matches
/// exactly the texts that start with the literal, ends there and captures nothing.
#[cfg(all(test, feature = "builtin_metadata"))]
mod literal_prefix_tests {
    use super::{LazyMetadata, scan};
    use crate::generated::metadata::METADATA;

    #[test]
    fn literal_prefixes_match_as_their_regexes() {
        let mut literals = 0;
        for region in scan(METADATA).unwrap() {
            let lazy = LazyMetadata::encoded(region.bytes, region.country_code);
            let metadata = lazy.get();
            let example = metadata
                .mobile
                .original
                .example_number
                .clone()
                .unwrap_or_else(|| "5551234".to_owned());
            for triplets in [
                metadata.national_prefix_for_parsing(),
                metadata.international_prefix(),
            ] {
                let Some(literal) = triplets.literal_digits() else {
                    continue;
                };
                literals += 1;
                let regex = triplets.anchor_start().unwrap().unwrap();
                let mut texts = vec![
                    example.clone(),
                    format!("{literal}{example}"),
                    format!("0{example}"),
                    format!("00{example}"),
                    format!("1{example}"),
                    literal[..literal.len() - 1].to_owned(),
                    literal.to_owned(),
                ];
                texts.extend((0..10).map(|d| format!("{d}{literal}")));
                for text in &texts {
                    let captures = regex.captures(text);
                    assert_eq!(
                        captures.is_some(),
                        text.starts_with(literal),
                        "{literal} {text}"
                    );
                    if let Some(captures) = captures {
                        assert_eq!(captures.get(0).unwrap().end(), literal.len());
                        assert!(captures.iter().skip(1).all(|c| c.is_none()));
                    }
                }
            }
        }
        // Most regions write their national prefix as `0` and their IDD as `00` or similar.
        assert!(literals > 250, "{literals}");
    }
}

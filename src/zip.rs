//! A `.zip` of files stored as they are (no compression): the container of the `.xlsx` that
//! `failedRows` writes, and of "all request bodies in one download" (`zipFiles`). Files a
//! person downloads once do not need deflate, whose compressor would cost ~78 KB of gzipped
//! wasm (the `zip` crate's writer, measured). PKWARE's APPNOTE 6.3: local headers, a central
//! directory and its end record, UTF-8 names (flag bit 11 where one is not ASCII), CRC-32; no ZIP64, so at most
//! 65,535 files and 4 GiB, which are refused rather than written wrong.

/// A limit of the format that the files exceed: what (a phrase), the limit, what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    pub what: &'static str,
    pub limit: u64,
    pub found: u64,
}

/// The most files a zip without ZIP64 holds.
pub const MAX_FILES: usize = 0xffff;

/// CRC-32 (IEEE), the table made at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut c = u32::MAX;
    for &b in bytes {
        c = CRC_TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8);
    }
    !c
}

/// The files (name, bytes), in this order, as a stored zip. Names are written as given (the
/// caller's paths, `/` separated); every entry is dated 1980-01-01, so the same files give the
/// same bytes.
pub fn stored_zip(files: &[(&str, &[u8])]) -> Result<Vec<u8>, TooLarge> {
    // 1980-01-01 00:00, the first date a zip can hold.
    const DOS_DATE: u16 = (1 << 5) | 1;
    // Bit 11: the name is UTF-8.
    const UTF8_NAMES: u16 = 1 << 11;
    if files.len() > MAX_FILES {
        return Err(TooLarge {
            what: "the number of files",
            limit: MAX_FILES as u64,
            found: files.len() as u64,
        });
    }
    let total: usize = files
        .iter()
        .map(|(n, data)| 76 + 2 * n.len() + data.len())
        .sum::<usize>()
        + 22;
    let long_name = files.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    if long_name > usize::from(u16::MAX) {
        return Err(TooLarge {
            what: "the length of a file name in bytes",
            limit: u64::from(u16::MAX),
            found: long_name as u64,
        });
    }
    if u32::try_from(total).is_err() {
        return Err(TooLarge {
            what: "the size in bytes",
            limit: u64::from(u32::MAX),
            found: total as u64,
        });
    }
    // Every offset and length below is under `total`, which fits in 32 bits.
    let mut out = Vec::with_capacity(total);
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        let flags = if name.is_ascii() { 0 } else { UTF8_NAMES };
        common.extend_from_slice(&flags.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // stored
        common.extend_from_slice(&0u16.to_le_bytes()); // time
        common.extend_from_slice(&DOS_DATE.to_le_bytes());
        common.extend_from_slice(&crc32(data).to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&(name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0
        central.extend_from_slice(&common);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let at = out.len() as u32;
    let entries = files.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&entries.to_le_bytes());
    out.extend_from_slice(&entries.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_known_texts() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414f_a339
        );
    }

    #[test]
    fn too_many_files_are_refused() {
        let files: Vec<(&str, &[u8])> = vec![("a", b""); MAX_FILES + 1];
        assert_eq!(
            stored_zip(&files).unwrap_err(),
            TooLarge {
                what: "the number of files",
                limit: 65_535,
                found: 65_536
            }
        );
        assert!(stored_zip(&files[..MAX_FILES]).is_ok());
    }
}

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

/// As a finding: `zip_too_large` (the `.xlsx` writer says `workbook_too_large` instead).
impl From<TooLarge> for crate::report::Problem {
    fn from(t: TooLarge) -> Self {
        crate::report::Problem::ZipTooLarge {
            what: t.what,
            limit: t.limit,
            found: t.found,
        }
    }
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
    !crc32_update(u32::MAX, bytes)
}

/// CRC-32 a piece at a time: start from `u32::MAX`, feed the pieces in order, invert the end.
pub fn crc32_update(mut c: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        c = CRC_TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8);
    }
    c
}

/// Refused unless a zip of `files` files can be written.
pub fn check_file_count(files: usize) -> Result<(), TooLarge> {
    if files > MAX_FILES {
        return Err(TooLarge {
            what: "the number of files",
            limit: MAX_FILES as u64,
            found: files as u64,
        });
    }
    Ok(())
}

/// A zip written a file at a time, so the caller need not hold every file at once (the wasm
/// facade keeps the files in JS memory and hands over one at a time): each file's local header,
/// then its bytes as they are, then [`ZipWriter::finish`]'s central directory.
#[derive(Debug, Default)]
pub struct ZipWriter {
    central: Vec<u8>,
    /// Bytes of headers and data so far.
    written: u64,
    files: usize,
}

impl ZipWriter {
    pub fn new() -> Self {
        ZipWriter::default()
    }

    /// The local header of the next file, `len` bytes of data with CRC-32 `crc`: the bytes that
    /// go before its data. Refused (and nothing recorded) when the zip would pass a limit.
    pub fn header(&mut self, name: &str, len: usize, crc: u32) -> Result<Vec<u8>, TooLarge> {
        // 1980-01-01 00:00, the first date a zip can hold.
        const DOS_DATE: u16 = (1 << 5) | 1;
        // Bit 11: the name is UTF-8.
        const UTF8_NAMES: u16 = 1 << 11;
        check_file_count(self.files + 1)?;
        let name_len = u16::try_from(name.len()).map_err(|_| TooLarge {
            what: "the length of a file name in bytes",
            limit: u64::from(u16::MAX),
            found: name.len() as u64,
        })?;
        // What the whole zip takes once this file is in: every offset and length fits 32 bits.
        let after = self.written + 30 + name.len() as u64 + len as u64;
        let whole = after + self.central.len() as u64 + 46 + name.len() as u64 + 22;
        if whole > u64::from(u32::MAX) {
            return Err(TooLarge {
                what: "the size in bytes",
                limit: u64::from(u32::MAX),
                found: whole,
            });
        }
        let (offset, len) = (self.written as u32, len as u32);
        let flags = if name.is_ascii() { 0 } else { UTF8_NAMES };
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        common.extend_from_slice(&flags.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // stored
        common.extend_from_slice(&0u16.to_le_bytes()); // time
        common.extend_from_slice(&DOS_DATE.to_le_bytes());
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&len.to_le_bytes());
        common.extend_from_slice(&len.to_le_bytes());
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&common);
        local.extend_from_slice(name.as_bytes());
        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0
        self.central.extend_from_slice(&common);
        self.central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        self.central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name.as_bytes());
        self.written = after;
        self.files += 1;
        Ok(local)
    }

    /// The central directory and its end record: the last bytes of the zip.
    pub fn finish(self) -> Vec<u8> {
        // `header` kept every figure within its field.
        let mut out = self.central;
        let size = out.len() as u32;
        let entries = self.files as u16;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]); // disk numbers
        out.extend_from_slice(&entries.to_le_bytes());
        out.extend_from_slice(&entries.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(self.written as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        out
    }
}

/// The files (name, bytes), in this order, as a stored zip. Names are written as given (the
/// caller's paths, `/` separated); every entry is dated 1980-01-01, so the same files give the
/// same bytes.
pub fn stored_zip(files: &[(&str, &[u8])]) -> Result<Vec<u8>, TooLarge> {
    check_file_count(files.len())?;
    let mut w = ZipWriter::new();
    let mut out = Vec::new();
    for (name, data) in files {
        out.extend_from_slice(&w.header(name, data.len(), crc32(data))?);
        out.extend_from_slice(data);
    }
    out.extend_from_slice(&w.finish());
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

    #[test]
    fn past_four_gib_or_a_long_name_is_refused_and_nothing_is_recorded() {
        let mut w = ZipWriter::new();
        let err = w.header("big.bin", u32::MAX as usize, 0).unwrap_err();
        assert_eq!(err.what, "the size in bytes");
        assert!(err.found > err.limit);
        let long = "x".repeat(70_000);
        assert_eq!(
            w.header(&long, 0, 0).unwrap_err().what,
            "the length of a file name in bytes"
        );
        // The writer is as before: a file after the refusals is the first.
        w.header("a.json", 2, crc32(b"{}")).unwrap();
        let end = w.finish();
        assert_eq!(end.len(), 46 + 6 + 22);
        assert_eq!(&end[end.len() - 12..end.len() - 10], &1u16.to_le_bytes());
    }

    #[test]
    fn crc_in_pieces_is_the_crc_of_the_whole() {
        let text = b"The quick brown fox jumps over the lazy dog";
        let (a, b) = text.split_at(17);
        assert_eq!(!crc32_update(crc32_update(u32::MAX, a), b), crc32(text));
    }
}

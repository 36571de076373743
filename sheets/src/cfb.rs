//! Checks on .xls files made before calamine reads them.
//!
//! calamine reads an .xls whole when it opens it: the OLE compound file (CFB) container, then
//! the BIFF records of every sheet, each sheet into a dense range spanning its cells. Its CFB
//! reader trusts sector numbers (an index past the FAT or a sector past the end of the file
//! panics, a cycle in the directory chain never ends) and its BIFF reader trusts some record
//! lengths and the sheet offsets. This module walks the same structures the same way with every
//! step checked and bounded, and counts the cells each sheet will make, so that what calamine is
//! given is known to be sound and within the limits.

use crate::{too_large, unreadable, Format, Limits, SheetError};

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*s.first()?, *s.get(1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Some(u32::from_le_bytes(a))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes(<[u8; 4]>::try_from(c).unwrap_or([0; 4])))
}

type R<T> = Result<T, &'static str>;

struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    maxid: u64,
}

impl<'a> Sectors<'a> {
    fn get(&self, id: u32) -> R<&'a [u8]> {
        if u64::from(id) > self.maxid {
            return Err("a sector number points past the end of the file");
        }
        let start = (id as usize)
            .checked_mul(self.size)
            .ok_or("a sector number is out of range")?;
        if start > self.data.len() {
            return Err("a sector number points past the end of the file");
        }
        let end = start.saturating_add(self.size).min(self.data.len());
        self.data.get(start..end).ok_or("a sector is out of range")
    }

    /// A chain of sectors as calamine follows it, with cycles and bad links refused.
    fn chain(&self, mut id: u32, fats: &[u32], len: usize) -> R<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps: u64 = 0;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid.saturating_add(2) {
                return Err("a chain of sectors loops");
            }
            let sector = self.get(id)?;
            let remaining = len.saturating_sub(out.len());
            let take = sector.len().min(remaining);
            out.extend_from_slice(sector.get(..take).unwrap_or(&[]));
            if out.len() >= len {
                break;
            }
            id = *fats
                .get(id as usize)
                .ok_or("a sector chain leaves the allocation table")?;
        }
        Ok(out)
    }
}

struct Dir {
    name: String,
    start: u32,
    len: usize,
}

/// The `Workbook` (or `Book`) stream, read exactly as calamine will read it.
fn workbook_stream(bytes: &[u8]) -> R<Option<Vec<u8>>> {
    let header = bytes
        .get(..512)
        .ok_or("the file is too short for an OLE compound file")?;
    let version = u16_at(header, 26).ok_or("bad header")?;
    let (size, header_len) = match u16_at(header, 30) {
        Some(9) => (512usize, 512usize),
        Some(12) => (4096, 4096),
        _ => return Err("bad sector size in the OLE header"),
    };
    if u16_at(header, 32) != Some(6) {
        return Err("bad mini sector size in the OLE header");
    }
    let dir_start = u32_at(header, 48).ok_or("bad header")?;
    let mini_fat_start = u32_at(header, 60).ok_or("bad header")?;
    let mini_fat_len = u32_at(header, 64).ok_or("bad header")? as usize;
    let difat_start = u32_at(header, 68).ok_or("bad header")?;
    let mut difat: Vec<u32> = u32s(header.get(76..512).ok_or("bad header")?).collect();
    let data = bytes
        .get(header_len..)
        .ok_or("the file is too short for its OLE header")?;
    let sectors = Sectors {
        data,
        size,
        maxid: (bytes.len() / size) as u64,
    };

    let mut sector_id = difat_start;
    let mut difat_sectors: u64 = 0;
    while sector_id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > sectors.maxid.saturating_add(1) {
            return Err("the DIFAT chain is longer than the file");
        }
        difat.extend(u32s(sectors.get(sector_id)?));
        sector_id = difat.pop().ok_or("the DIFAT chain is broken")?;
    }
    let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_ids.len() as u64 > sectors.maxid.saturating_add(1) {
        return Err("more FAT sectors than the file has sectors");
    }
    let mut fats: Vec<u32> = Vec::new();
    for id in fat_ids {
        fats.extend(u32s(sectors.get(id)?));
    }

    let dir_bytes = sectors.chain(dir_start, &fats, usize::MAX)?;
    let mut dirs = Vec::new();
    for c in dir_bytes.chunks_exact(128) {
        let units: Vec<u16> = c
            .get(..64)
            .unwrap_or(&[])
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes(<[u8; 2]>::try_from(p).unwrap_or([0; 2])))
            .take_while(|u| *u != 0)
            .collect();
        let name = String::from_utf16_lossy(&units);
        let start = u32_at(c, 116).ok_or("bad directory entry")?;
        let len = if size == 512 {
            u32_at(c, 120).ok_or("bad directory entry")? as usize
        } else {
            usize::try_from(u64_at(c, 120).ok_or("bad directory entry")?)
                .map_err(|_| "a stream size in the directory is out of range")?
        };
        dirs.push(Dir { name, start, len });
    }
    let root = dirs.first().ok_or("the OLE directory is empty")?;
    if version != 3 && root.start == ENDOFCHAIN {
        return Err("the OLE root directory is empty");
    }
    if dirs
        .iter()
        .any(|d| d.name.eq_ignore_ascii_case("EncryptedPackage"))
    {
        return Err("the workbook is password-protected");
    }
    let (mini_fats, ministream) = if mini_fat_len > 0 {
        let ministream = sectors.chain(root.start, &fats, root.len)?;
        let minifat_len = mini_fat_len
            .checked_mul(size)
            .ok_or("the mini FAT size is out of range")?;
        let minifat: Vec<u32> = u32s(&sectors.chain(mini_fat_start, &fats, minifat_len)?).collect();
        (minifat, ministream)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |n: &str| dirs.iter().find(|d| d.name.eq_ignore_ascii_case(n));
    let Some(d) = find("Workbook").or_else(|| find("Book")) else {
        return Ok(None);
    };
    if d.len < 4096 {
        let mini = Sectors {
            data: &ministream,
            size: 64,
            maxid: sectors.maxid.saturating_mul(8),
        };
        // calamine reads a mini sector past the mini stream from the file itself; refuse that.
        let mut id = d.start;
        let mut out = Vec::new();
        let mut steps: u64 = 0;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > mini.maxid.saturating_add(2) {
                return Err("a chain of mini sectors loops");
            }
            let start = (id as usize).saturating_mul(64);
            if start.saturating_add(64) > ministream.len() {
                return Err("a mini sector points past the mini stream");
            }
            let s = mini.get(id)?;
            let take = s.len().min(d.len.saturating_sub(out.len()));
            out.extend_from_slice(s.get(..take).unwrap_or(&[]));
            if out.len() >= d.len {
                break;
            }
            id = *mini_fats
                .get(id as usize)
                .ok_or("a mini sector chain leaves the mini FAT")?;
        }
        Ok(Some(out))
    } else {
        Ok(Some(sectors.chain(d.start, &fats, d.len)?))
    }
}

struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// BIFF records as calamine's `RecordIter` cuts them (CONTINUE records belong to the record
/// before them and are skipped here).
fn records(mut s: &[u8]) -> impl Iterator<Item = R<Record<'_>>> {
    std::iter::from_fn(move || {
        if s.is_empty() {
            return None;
        }
        let (Some(typ), Some(len)) = (u16_at(s, 0), u16_at(s, 2)) else {
            s = &[];
            return Some(Err("a record is cut short"));
        };
        let end = 4 + len as usize;
        let Some(data) = s.get(4..end) else {
            s = &[];
            return Some(Err("a record is cut short"));
        };
        s = s.get(end..).unwrap_or(&[]);
        let mut cont = Vec::new();
        while u16_at(s, 0) == Some(0x003C) && s.len() > 4 {
            let l = u16_at(s, 2).map_or(0, |l| l as usize);
            match (s.get(4..4 + l), s.get(4 + l..)) {
                (Some(c), Some(rest)) => {
                    cont.push(c);
                    s = rest;
                }
                _ => {
                    s = &[];
                    return Some(Err("a record is cut short"));
                }
            }
        }
        Some(Ok(Record { typ, data, cont }))
    })
}

/// Walks the shared strings (SST) the way calamine's `parse_sst` does; `Err` where calamine
/// would index past the end of a record.
fn check_sst(r: &Record<'_>) -> R<()> {
    const BAD: &str = "a shared string record is malformed";
    let Some(mut data) = r.data.get(8..) else {
        return Ok(()); // calamine reports the short record
    };
    let mut conts = r.cont.iter();
    loop {
        if data.is_empty() {
            match conts.next() {
                Some(c) => {
                    data = c;
                    continue;
                }
                None => return Ok(()),
            }
        }
        if data.len() < 3 {
            return Ok(()); // calamine reports it
        }
        let mut len = u16_at(data, 0).unwrap_or(0) as usize;
        let flags = *data.get(2).ok_or(BAD)?;
        data = data.get(3..).ok_or(BAD)?;
        let mut high = flags & 1 != 0;
        let mut c_run = 0usize;
        let mut ext: usize = 0;
        if flags & 0x8 != 0 {
            c_run = u16_at(data, 0).ok_or(BAD)? as usize;
            data = data.get(2..).ok_or(BAD)?;
        }
        if flags & 0x4 != 0 {
            ext = u32_at(data, 0).ok_or(BAD)? as i32 as usize;
            data = data.get(4..).ok_or(BAD)?;
        }
        while len > 0 {
            let (l, at) = if high {
                let l = (data.len() / 2).min(len);
                (l, 2 * l)
            } else {
                let l = data.len().min(len);
                (l, l)
            };
            data = data.get(at..).ok_or(BAD)?;
            len -= l;
            if len > 0 {
                match conts.next() {
                    Some(c) => {
                        high = *c.first().ok_or(BAD)? & 1 != 0;
                        data = c.get(1..).ok_or(BAD)?;
                    }
                    None => return Ok(()), // calamine reports it
                }
            }
        }
        for mut skip in [c_run * 4, ext] {
            while skip > 0 {
                if data.is_empty() {
                    match conts.next() {
                        Some(c) => data = c,
                        None => return Ok(()), // calamine reports it
                    }
                    continue;
                }
                let l = skip.min(data.len());
                data = data.get(l..).ok_or(BAD)?;
                skip -= l;
            }
        }
    }
}

/// Checks an .xls before calamine opens it.
pub(crate) fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let bad = |reason: &str| unreadable(reason, Some(Format::Xls));
    let stream = match workbook_stream(bytes) {
        Ok(Some(s)) => s,
        // No workbook stream: calamine says so (e.g. a Word document).
        Ok(None) => return Ok(()),
        Err(reason) => {
            let mut e = bad(reason);
            if reason.contains("password") {
                e.params.insert("encrypted".into(), true.into());
            }
            return Err(e);
        }
    };
    let mut sheet_offsets = Vec::new();
    for r in records(&stream) {
        let Ok(r) = r else { break }; // calamine reports it
        let n = r.data.len();
        let ok = match r.typ {
            0x002F | 0x0042 | 0x0022 | 0x0809 => n >= 2,
            0x0085 => {
                if n >= 6 {
                    let pos = u32_at(r.data, 0).unwrap_or(u32::MAX) as usize;
                    if pos > stream.len() {
                        return Err(bad("a sheet starts past the end of the workbook stream"));
                    }
                    sheet_offsets.push(pos);
                }
                n >= 6
            }
            0x0018 => n >= 14 && (u16_at(r.data, 4).unwrap_or(u16::MAX) as usize) <= n,
            0x0017 => n >= 2,
            0x00FC => check_sst(&r).is_ok(),
            0x000A => break,
            _ => true,
        };
        if !ok {
            return Err(bad("a workbook record is too short"));
        }
    }
    let mut cells_total: u64 = 0;
    let mut area_total: u64 = 0;
    for pos in sheet_offsets {
        let Some(sheet) = stream.get(pos..) else {
            continue;
        };
        let mut bbox: Option<(u64, u64, u64, u64)> = None;
        let mut count: u64 = 0;
        let mut depth = 0usize;
        let mut seen_bof = false;
        let add = |row: u64, c0: u64, c1: u64, bbox: &mut Option<(u64, u64, u64, u64)>| {
            *bbox = Some(match *bbox {
                None => (row, row, c0, c1),
                Some((r0, r1, a, b)) => (r0.min(row), r1.max(row), a.min(c0), b.max(c1)),
            });
        };
        for r in records(sheet) {
            let Ok(r) = r else { break };
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let n = r.data.len();
            let rc = || {
                (
                    u64::from(u16_at(r.data, 0).unwrap_or(0)),
                    u64::from(u16_at(r.data, 2).unwrap_or(0)),
                )
            };
            match r.typ {
                0x0809 => {
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                0x000A => break,
                0x0200 => {
                    let dims = match n {
                        10 => Some((
                            u32::from(u16_at(r.data, 0).unwrap_or(0)),
                            u32::from(u16_at(r.data, 2).unwrap_or(0)),
                            u32::from(u16_at(r.data, 4).unwrap_or(0)),
                            u32::from(u16_at(r.data, 6).unwrap_or(0)),
                        )),
                        14 | 16 => Some((
                            u32_at(r.data, 0).unwrap_or(0),
                            u32_at(r.data, 4).unwrap_or(0),
                            u32::from(u16_at(r.data, 8).unwrap_or(0)),
                            u32::from(u16_at(r.data, 10).unwrap_or(0)),
                        )),
                        _ => None, // calamine reports it
                    };
                    if let Some((rf, rl, mut cf, cl)) = dims {
                        if 0xFF < cf || cl < cf {
                            cf = 0;
                        }
                        if rl >= 1 && cl >= 1 {
                            let (er, ec) = (rl - 1, cl - 1);
                            if er < rf || ec < cf {
                                return Err(bad("a sheet declares an inverted range"));
                            }
                            let area = (u64::from(er - rf) + 1) * (u64::from(ec - cf) + 1);
                            if area > limits.max_cells {
                                return Err(too_large(
                                    "the number of cells a sheet declares",
                                    limits.max_cells,
                                    area,
                                ));
                            }
                        }
                    }
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if n >= 4 => {
                    let (row, col) = rc();
                    count += 1;
                    add(row, col, col, &mut bbox);
                }
                0x00BD if n >= 6 => {
                    let (row, first) = rc();
                    let last = u64::from(u16_at(r.data, n - 2).unwrap_or(0));
                    if last < first {
                        return Err(bad("a MulRk record has its columns the wrong way round"));
                    }
                    count += last - first + 1;
                    add(row, first, last, &mut bbox);
                }
                0x00E5 => {
                    let c = u16_at(r.data, 0).map_or(usize::MAX, |c| c as usize);
                    if c.saturating_mul(8).saturating_add(2) > n {
                        return Err(bad("a merged cells record is too short"));
                    }
                }
                _ => {}
            }
            if count > limits.max_cells {
                return Err(too_large(
                    "the number of cells of the workbook's sheets",
                    limits.max_cells,
                    count,
                ));
            }
        }
        cells_total = cells_total.saturating_add(count);
        if let Some((r0, r1, c0, c1)) = bbox {
            let cols = c1 - c0 + 1;
            if c1 + 1 > limits.max_columns {
                return Err(too_large(
                    "the number of columns of a sheet",
                    limits.max_columns,
                    c1 + 1,
                ));
            }
            area_total = area_total.saturating_add((r1 - r0 + 1).saturating_mul(cols));
        }
        let n = cells_total.max(area_total);
        if n > limits.max_cells {
            return Err(too_large(
                "the number of cells of the workbook's sheets",
                limits.max_cells,
                n,
            ));
        }
    }
    Ok(())
}

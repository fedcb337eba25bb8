//! Loose objects read into memory with `read`, not mapped (issue 12): a repository that keeps
//! no packs is read object by object, and gix maps and unmaps each file, which with two
//! threads interrupts the other core at every unmap.
//!
//! Only the plain case is read here: a small, well-formed object in `objects/XX/…`. Anything
//! else (missing, corrupt, larger than [`OWN_MAX`]) is left to gix, which reads or words the
//! error as before.

use std::cell::RefCell;
use std::io::Read;
use std::path::PathBuf;

use gix::objs::Kind;
use gix::zlib::{Inflate, Status};

/// The largest object read here, inflated; larger ones are gix's (which then applies its
/// allocation limit, if any).
const OWN_MAX: u64 = 4 << 20;
/// The most compressed bytes read from one file: zlib never grows data by much, so a file
/// larger than this holds more than [`OWN_MAX`].
const FILE_MAX: u64 = OWN_MAX + (64 << 10);
/// gix's bound on a loose object's header (`<kind> <size>\0`).
const HEADER_MAX: usize = 64;
/// The compressed bytes read when only the header is asked for (a blob's size is checked
/// before it is read): the header is the stream's first bytes, and a larger file need not be
/// read twice over. A header these bytes do not hold is gix's to read.
const HEADER_READ: u64 = 1 << 10;

/// The loose objects of one repository's `objects` folder.
pub(super) struct Loose {
    dir: PathBuf,
    file: RefCell<Vec<u8>>,
    inflate: RefCell<Inflate>,
}

impl Clone for Loose {
    fn clone(&self) -> Loose {
        Loose::new(self.dir.clone())
    }
}

impl Loose {
    pub(super) fn new(dir: PathBuf) -> Loose {
        Loose {
            dir,
            file: RefCell::default(),
            inflate: RefCell::default(),
        }
    }

    /// The object's kind and size, with its data in `out` when `whole`; `None` when it is not
    /// plainly here (see the module's notes).
    pub(super) fn read(
        &self,
        id: &gix::oid,
        out: &mut Vec<u8>,
        whole: bool,
    ) -> Option<(Kind, u64)> {
        let mut hex = [0u8; 64];
        let hex = id.hex_to_buf(&mut hex);
        let mut path = self.dir.join(&hex[..2]);
        path.push(&hex[2..]);
        let mut file = self.file.try_borrow_mut().ok()?;
        file.clear();
        // Not through a link, not waiting on a FIFO (a hostile repository's "object" would stall
        // the scan; gix then finds no such object); `take` keeps std from asking the file's size
        // first (a `statx` per object).
        let limit = if whole { FILE_MAX + 1 } else { HEADER_READ };
        super::head::open_no_follow(&path)
            .ok()?
            .take(limit)
            .read_to_end(&mut file)
            .ok()?;
        if file.is_empty() || file.len() as u64 > FILE_MAX {
            return None;
        }
        let mut inflate = self.inflate.try_borrow_mut().ok()?;
        inflate.reset();
        let mut header = [0u8; HEADER_MAX];
        let (status, consumed_in, consumed_out) = inflate.prefix(&file, &mut header).ok()?;
        if status == Status::BufError {
            return None;
        }
        let (kind, size, header_size) =
            gix::objs::decode::loose_header(&header[..consumed_out]).ok()?;
        if size > OWN_MAX {
            return None;
        }
        if !whole {
            return Some((kind, size));
        }
        let size_usize = usize::try_from(size).ok()?;
        let prefix = consumed_out.checked_sub(header_size)?;
        if prefix > size_usize || (status == Status::StreamEnd && prefix != size_usize) {
            return None;
        }
        out.clear();
        if status == Status::StreamEnd {
            out.extend_from_slice(&header[header_size..consumed_out]);
        } else {
            let n = inflate
                .rest(
                    &file[consumed_in..],
                    &header[..consumed_out],
                    header_size,
                    out,
                    size_usize,
                )
                .ok()?;
            if n != size_usize {
                return None;
            }
        }
        Some((kind, size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_objects_are_read_and_the_rest_left_to_gix() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = gix::init_bare(tmp.path()).unwrap();
        let write = |data: &[u8]| repo.write_blob(data).unwrap().detach();
        let small = write(b"hello\n");
        let big = write(&vec![b'x'; usize::try_from(OWN_MAX).unwrap() + 1]);
        let damaged = write(b"to be cut short, in the middle of its zlib stream\n");
        let path = {
            let hex = damaged.to_hex().to_string();
            tmp.path().join("objects").join(&hex[..2]).join(&hex[2..])
        };
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();

        let loose = Loose::new(tmp.path().join("objects"));
        let mut out = Vec::new();
        assert_eq!(loose.read(&small, &mut out, true), Some((Kind::Blob, 6)));
        assert_eq!(out, b"hello\n");
        out.clear();
        assert_eq!(loose.read(&small, &mut out, false), Some((Kind::Blob, 6)));
        assert!(out.is_empty(), "a header read leaves the data alone");
        assert_eq!(loose.read(&big, &mut out, true), None, "over OWN_MAX");
        assert_eq!(loose.read(&big, &mut out, false), None, "over OWN_MAX");
        // A header read takes the file's first bytes only; the size is still the whole's.
        let text: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mid = write(&text);
        let want = Some((Kind::Blob, text.len() as u64));
        assert_eq!(loose.read(&mid, &mut out, false), want);
        assert_eq!(loose.read(&mid, &mut out, true), want);
        assert_eq!(out, text);
        assert_eq!(loose.read(&damaged, &mut out, true), None, "damaged");
        let missing = gix::ObjectId::from_hex(b"0123456789012345678901234567890123456789").unwrap();
        assert_eq!(loose.read(&missing, &mut out, true), None, "missing");
    }
}

//! Reading the files paved is given (config, packs, templates, reports to merge or diff) with a
//! size limit, in one place, so no input can make paved read without end (`--config /dev/zero`).
//!
//! Files inside repositories are read by the snapshot under `max_file_size` instead.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A config file (`--config`, `paved.yml`).
pub const CONFIG_LIMIT: u64 = 4 * 1024 * 1024;
/// A rule pack file (`--rules`, `rules:` in the config).
pub const PACK_LIMIT: u64 = 4 * 1024 * 1024;
/// A template file a `template` condition names.
pub const TEMPLATE_LIMIT: u64 = 4 * 1024 * 1024;
/// A JSON report read by `paved merge` and `paved diff`.
pub const REPORT_LIMIT: u64 = 256 * 1024 * 1024;

/// Bytes read at a time; a NUL in any chunk ends the read early.
const CHUNK: usize = 64 * 1024;

/// Why an input file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: is a folder, not a file", path.display())]
    IsFolder { path: PathBuf },
    #[error("{}: larger than the {} limit for this input", path.display(), human(*limit))]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{}: not a text file (it holds a NUL byte)", path.display())]
    Binary { path: PathBuf },
    #[error("{}: not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf },
}

fn human(bytes: u64) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads `path` as UTF-8 text of at most `limit` bytes. A regular file over the limit is
/// refused before reading; anything else (a device, a FIFO) is read up to the limit, and a NUL
/// byte, which no text input holds, stops it at once (`/dev/zero` fails in the first chunk).
pub fn read_limited(path: &Path, limit: u64) -> Result<String, ReadError> {
    let io_err = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if meta.is_dir() {
        return Err(ReadError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    let too_large = || ReadError::TooLarge {
        path: path.to_path_buf(),
        limit,
    };
    if meta.is_file() && meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    let mut reader = file.take(limit + 1);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(e)),
        };
        if memchr::memchr(0, &chunk[..n]).is_some() {
            return Err(ReadError::Binary {
                path: path.to_path_buf(),
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8 {
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_refuses_what_is_not() {
        let t = tempfile::tempdir().unwrap();
        let ok = t.path().join("ok.yml");
        std::fs::write(&ok, "a: 1\n").unwrap();
        assert_eq!(read_limited(&ok, 5).unwrap(), "a: 1\n");
        assert!(matches!(
            read_limited(&ok, 4),
            Err(ReadError::TooLarge { .. })
        ));
        let nul = t.path().join("nul");
        std::fs::write(&nul, b"a\0b").unwrap();
        assert!(matches!(
            read_limited(&nul, 100),
            Err(ReadError::Binary { .. })
        ));
        let latin = t.path().join("latin");
        std::fs::write(&latin, b"caf\xe9").unwrap();
        assert!(matches!(
            read_limited(&latin, 100),
            Err(ReadError::NotUtf8 { .. })
        ));
        assert!(matches!(
            read_limited(t.path(), 100),
            Err(ReadError::IsFolder { .. })
        ));
        assert!(matches!(
            read_limited(&t.path().join("none"), 100),
            Err(ReadError::Io { .. })
        ));
    }

    #[test]
    fn endless_devices_end() {
        for dev in ["/dev/zero", "/dev/urandom"] {
            if Path::new(dev).exists() {
                let err = read_limited(Path::new(dev), CONFIG_LIMIT).unwrap_err();
                assert!(
                    matches!(
                        err,
                        ReadError::Binary { .. }
                            | ReadError::NotUtf8 { .. }
                            | ReadError::TooLarge { .. }
                    ),
                    "{dev}: {err}"
                );
            }
        }
    }
}

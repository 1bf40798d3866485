//! The export's ZIP archive: `data.json` (the sections, with a `format_version`) and each
//! document file under `documents/<application id>/<kind>.<extension>`.

use std::io::{Cursor, Write as _};

use serde_json::Value;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// The version of `data.json`'s layout; raised when a section or field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// An archive being written, in memory.
pub struct Archive {
    zip: ZipWriter<Cursor<Vec<u8>>>,
}

impl Archive {
    /// An empty archive.
    pub fn new() -> Archive {
        Archive {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    fn options() -> SimpleFileOptions {
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
    }

    /// Adds `content` as the file `path`.
    pub fn add(&mut self, path: &str, content: &[u8]) -> anyhow::Result<()> {
        self.zip.start_file(path, Self::options())?;
        self.zip.write_all(content)?;
        Ok(())
    }

    /// Adds `data.json`.
    pub fn add_data(&mut self, data: &Value) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(data)?;
        self.add("data.json", &json)
    }

    /// The finished archive's bytes.
    pub fn finish(self) -> anyhow::Result<Vec<u8>> {
        Ok(self.zip.finish()?.into_inner())
    }
}

/// The path of a document file in the archive.
pub fn document_path(application_id: &str, kind: &str, media_type: &str) -> String {
    let extension = match media_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    };
    format!("documents/{application_id}/{kind}.{extension}")
}

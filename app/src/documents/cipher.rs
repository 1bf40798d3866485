//! Documents encrypted at rest: AES-256-GCM with a random 96-bit nonce per object, under
//! keys from configuration (`PASPOR_DOCUMENT_KEYS`).
//!
//! A stored object is `PSPE` · version 1 · the key id's length · the key id · the nonce ·
//! the ciphertext with its tag. Everything before the nonce is authenticated too, so an
//! object cannot be made to claim another key. The first key encrypts; every key decrypts,
//! which is what rotation needs: add a new key first, re-encrypt, then drop the old one.
//!
//! Objects written before encryption (a JPEG, PNG or PDF as uploaded) are still read as
//! they are, and the re-encryption command encrypts them: no identity document needs a
//! magic header of ours to be recognised, and none of theirs begins with `PSPE`.

use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use paspor_domain::MediaType;
use rand::RngCore as _;

/// The first bytes of an encrypted object.
const MAGIC: &[u8; 4] = b"PSPE";
/// The format's version.
const VERSION: u8 = 1;
/// AES-GCM's nonce length.
const NONCE_BYTES: usize = 12;
/// The longest key id.
pub const MAX_KEY_ID_BYTES: usize = 32;

/// One document key: its id (written into every object it encrypts) and its 256 bits.
#[derive(Clone)]
pub struct DocumentKey {
    id: String,
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for DocumentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself.
        f.debug_struct("DocumentKey").field("id", &self.id).finish()
    }
}

impl DocumentKey {
    /// A key from its id (1 to 32 letters, digits, `-` or `_`) and its 32 bytes.
    pub fn new(id: &str, bytes: &[u8]) -> Result<DocumentKey, String> {
        if !is_key_id(id) {
            return Err(format!(
                "the key id {id:?} must be 1 to {MAX_KEY_ID_BYTES} letters, digits, `-` or `_`"
            ));
        }
        let cipher = Aes256Gcm::new_from_slice(bytes).map_err(|_| {
            format!(
                "the key {id:?} is {} bytes long: it must be 32 (e.g. `openssl rand -base64 32`)",
                bytes.len()
            )
        })?;
        Ok(DocumentKey {
            id: id.to_owned(),
            cipher,
        })
    }

    /// Its id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

fn is_key_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_KEY_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The keys documents are encrypted and decrypted with: the first encrypts, all decrypt.
#[derive(Debug, Clone)]
pub struct DocumentKeys {
    keys: Vec<DocumentKey>,
}

/// Why a stored object could not be decrypted: a server fault (a key dropped too early, or
/// an object changed behind the service's back), never the client's.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The object names a key that is not configured.
    #[error("the document is encrypted with key {0:?}, which is not configured")]
    UnknownKey(String),
    /// The object's header is cut short or malformed.
    #[error("the encrypted document's header is malformed")]
    Malformed,
    /// Authentication failed: the object or its header was changed.
    #[error(
        "the encrypted document failed authentication (changed, or the wrong key under its id)"
    )]
    Tampered,
}

/// What a stored object is, as far as its header tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sealed<'a> {
    /// Encrypted under the key of this id.
    Under(&'a str),
    /// Written before encryption: the content as uploaded.
    Plain,
}

impl DocumentKeys {
    /// The keys, the one that encrypts first; `None` when there is none, or two share an id.
    pub fn new(keys: Vec<DocumentKey>) -> Option<DocumentKeys> {
        if keys.is_empty() {
            return None;
        }
        let mut ids: Vec<&str> = keys.iter().map(DocumentKey::id).collect();
        ids.sort_unstable();
        ids.dedup();
        (ids.len() == keys.len()).then_some(DocumentKeys { keys })
    }

    /// The key that encrypts.
    pub fn current(&self) -> &DocumentKey {
        &self.keys[0]
    }

    /// The ids of the keys, the current one first.
    pub fn ids(&self) -> Vec<&str> {
        self.keys.iter().map(DocumentKey::id).collect()
    }

    /// `content` encrypted under the current key with a fresh random nonce.
    pub fn seal(&self, content: &[u8]) -> Vec<u8> {
        let key = self.current();
        let header = header(key.id());
        let mut nonce = [0_u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ciphertext = key
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: content,
                    aad: &header,
                },
            )
            // Only for messages past AES-GCM's 64 GiB limit, far beyond a document's.
            .expect("AES-GCM encrypts any document-sized message");
        let mut sealed = header;
        sealed.reserve(NONCE_BYTES + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    /// The content of a stored object: decrypted, or as it is when it predates encryption.
    pub fn open(&self, stored: &[u8]) -> Result<Vec<u8>, SealError> {
        let Some((key_id, header_len)) = parse_header(stored)? else {
            return Ok(stored.to_vec());
        };
        let key = self
            .keys
            .iter()
            .find(|key| key.id() == key_id)
            .ok_or_else(|| SealError::UnknownKey(key_id.to_owned()))?;
        let rest = &stored[header_len..];
        if rest.len() < NONCE_BYTES {
            return Err(SealError::Malformed);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| SealError::Malformed)?;
        key.cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &stored[..header_len],
                },
            )
            .map_err(|_| SealError::Tampered)
    }

    /// What a stored object is, from its header alone.
    pub fn inspect(stored: &[u8]) -> Result<Sealed<'_>, SealError> {
        Ok(match parse_header(stored)? {
            Some((id, _)) => Sealed::Under(id),
            None => Sealed::Plain,
        })
    }
}

fn header(key_id: &str) -> Vec<u8> {
    let mut header = Vec::with_capacity(6 + key_id.len());
    header.extend_from_slice(MAGIC);
    header.push(VERSION);
    // A key id is at most 32 bytes: checked when the key was made.
    header.push(u8::try_from(key_id.len()).unwrap_or(u8::MAX));
    header.extend_from_slice(key_id.as_bytes());
    header
}

/// The key id and the header's length, or `None` for a document stored before
/// encryption. Such a document was recognised as a JPEG, PNG or PDF when uploaded; an
/// object that is neither ours nor one of those was changed (its first bytes, say).
fn parse_header(stored: &[u8]) -> Result<Option<(&str, usize)>, SealError> {
    if !stored.starts_with(MAGIC) {
        return if MediaType::sniff(stored).is_some() {
            Ok(None)
        } else {
            Err(SealError::Malformed)
        };
    }
    let (&version, rest) = stored[MAGIC.len()..]
        .split_first()
        .ok_or(SealError::Malformed)?;
    let (&id_len, rest) = rest.split_first().ok_or(SealError::Malformed)?;
    let id_len = usize::from(id_len);
    if version != VERSION || rest.len() < id_len {
        return Err(SealError::Malformed);
    }
    let id = std::str::from_utf8(&rest[..id_len]).map_err(|_| SealError::Malformed)?;
    if !is_key_id(id) {
        return Err(SealError::Malformed);
    }
    Ok(Some((id, MAGIC.len() + 2 + id_len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, byte: u8) -> DocumentKey {
        DocumentKey::new(id, &[byte; 32]).unwrap()
    }

    fn keys(list: &[(&str, u8)]) -> DocumentKeys {
        DocumentKeys::new(list.iter().map(|(id, byte)| key(id, *byte)).collect()).unwrap()
    }

    const PDF: &[u8] = b"%PDF-1.7\n%identity card\n";

    #[test]
    fn sealed_content_opens_and_does_not_show() {
        let keys = keys(&[("a", 1)]);
        let sealed = keys.seal(PDF);
        assert!(!sealed.windows(PDF.len()).any(|w| w == PDF));
        assert_eq!(DocumentKeys::inspect(&sealed).unwrap(), Sealed::Under("a"));
        assert_eq!(keys.open(&sealed).unwrap(), PDF);
        // A fresh nonce each time: the same content never seals the same.
        assert_ne!(keys.seal(PDF), sealed);
    }

    #[test]
    fn rotation_reads_the_old_key_and_writes_the_new() {
        let old = keys(&[("a", 1)]);
        let both = keys(&[("b", 2), ("a", 1)]);
        let sealed_old = old.seal(PDF);
        assert_eq!(both.open(&sealed_old).unwrap(), PDF);
        let sealed_new = both.seal(PDF);
        assert_eq!(
            DocumentKeys::inspect(&sealed_new).unwrap(),
            Sealed::Under("b")
        );
        let only_new = keys(&[("b", 2)]);
        assert_eq!(only_new.open(&sealed_new).unwrap(), PDF);
        assert!(matches!(only_new.open(&sealed_old), Err(SealError::UnknownKey(id)) if id == "a"));
    }

    #[test]
    fn a_changed_object_or_header_or_key_fails() {
        let keys_a = keys(&[("a", 1)]);
        let sealed = keys_a.seal(PDF);
        for at in [0, 4, 5, 6, 7, 10, sealed.len() - 1] {
            let mut changed = sealed.clone();
            changed[at] ^= 0x01;
            assert!(keys_a.open(&changed).is_err(), "byte {at}");
        }
        // Another key under the same id.
        assert!(matches!(
            keys(&[("a", 9)]).open(&sealed),
            Err(SealError::Tampered)
        ));
        for cut in [4, 5, 6, 7, 12, 18] {
            assert!(keys_a.open(&sealed[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn content_from_before_encryption_is_read_as_it_is() {
        let keys = keys(&[("a", 1)]);
        assert_eq!(DocumentKeys::inspect(PDF).unwrap(), Sealed::Plain);
        assert_eq!(keys.open(PDF).unwrap(), PDF);
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(DocumentKey::new("", &[0; 32]).is_err());
        assert!(DocumentKey::new("a b", &[0; 32]).is_err());
        assert!(DocumentKey::new(&"k".repeat(33), &[0; 32]).is_err());
        assert!(DocumentKey::new("a", &[0; 31]).is_err());
        assert!(DocumentKeys::new(vec![]).is_none());
        assert!(DocumentKeys::new(vec![key("a", 1), key("a", 2)]).is_none());
    }
}

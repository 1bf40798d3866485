//! The page a list's query asks for, as the list use cases read it.

use paspor_openapi::PageQuery;

use crate::locale::Message;
use crate::refusal::Refusal;

/// The page number and size `paging` asks for, with the defaults; 400 naming the
/// parameter that is out of range.
pub fn page_of(paging: PageQuery) -> Result<(u32, u32), Refusal> {
    paging
        .resolve()
        .map_err(|field| Refusal::invalid_field(field, Message::new("field-out-of-range")))
}

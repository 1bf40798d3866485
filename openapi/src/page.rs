//! Pagination: `page` and `per_page` in, the items with their position out.

use serde::Deserialize;
use utoipa::IntoParams;

/// Which page of a list to return.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1 to 100000.
    #[serde(default, deserialize_with = "crate::integral::query_option_u32")]
    #[param(minimum = 1, maximum = 100_000, default = 1)]
    pub page: Option<u32>,
    /// Items per page, at most 100.
    #[serde(default, deserialize_with = "crate::integral::query_option_u32")]
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
}

impl PageQuery {
    /// The last page that may be asked for.
    pub const MAX_PAGE: u32 = 100_000;
    /// The most items a page may hold.
    pub const MAX_PER_PAGE: u32 = 100;
    /// The page size when none is asked for.
    pub const DEFAULT_PER_PAGE: u32 = 20;
}

impl PageQuery {
    /// The page number and size asked for, with defaults; `None` names the field that is
    /// out of range.
    pub fn resolve(self) -> Result<(u32, u32), &'static str> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(Self::DEFAULT_PER_PAGE);
        if page == 0 || page > Self::MAX_PAGE {
            return Err("page");
        }
        if per_page == 0 || per_page > Self::MAX_PER_PAGE {
            return Err("per_page");
        }
        Ok((page, per_page))
    }
}

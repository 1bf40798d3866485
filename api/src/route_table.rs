//! The table of documented paths and their methods, built from the OpenAPI document: it
//! tells "wrong method" (405 with `Allow`) from "no such path" (404), and names the path
//! parameter a bad segment belongs to.

use actix_web::dev::ResourceDef;

/// Each documented path with its methods, to tell "wrong method" from "no such path".
pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<&'static str>)>,
}

impl RouteTable {
    /// Builds the table from the OpenAPI document.
    pub fn from_doc(doc: &utoipa::openapi::OpenApi) -> RouteTable {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(name, present)| present.then_some(name))
                .collect();
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The documented path template `path` matches (`/v1/applications/{id}`), if any.
    pub fn template_of(&self, path: &str) -> Option<&str> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .and_then(|(def, _)| def.pattern())
    }

    /// The methods `path` accepts, as an `Allow` value, if it is a known path.
    pub fn allowed_methods(&self, path: &str) -> Option<String> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.join(", "))
    }
}

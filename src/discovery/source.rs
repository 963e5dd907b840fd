//! Source database URLs: which engine, and a redacted form that is safe to show.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Postgres,
    Mysql,
    Sqlite,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Postgres => "POSTGRES",
            Engine::Mysql => "MYSQL",
            Engine::Sqlite => "SQLITE",
        }
    }
}

/// A source's connection string. Only `expose` gives the password, at the point of use.
#[derive(Clone)]
pub struct SourceUrl {
    url: SecretString,
    engine: Engine,
}

/// What may be shown about a source: never the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub engine: Engine,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub user: Option<String>,
}

impl SourceUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let engine = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else if url.starts_with("mysql://") || url.starts_with("mariadb://") {
            Engine::Mysql
        } else if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else {
            return Err(
                "the source URL must start with postgres://, mysql://, mariadb:// or sqlite:"
                    .into(),
            );
        };
        let url = match url.strip_prefix("mariadb://") {
            Some(rest) => format!("mysql://{rest}"),
            None => url.to_owned(),
        };
        if engine != Engine::Sqlite {
            // Read as the drivers read it, and refuse what they could read otherwise: a
            // `/`, `@`, `#` or `?` left raw in a password moves the rest of it into the
            // host or the database name. Messages never echo the URL.
            const ENCODE: &str = "percent-encode / @ : # ? in the user name and password \
                                  (%2F %40 %3A %23 %3F)";
            let parsed = url::Url::parse(&url)
                .map_err(|e| format!("the source URL cannot be read ({e}); {ENCODE}"))?;
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(format!("the source URL names no host; {ENCODE}"));
            }
            let authority = url
                .split_once("://")
                .map_or("", |(_, r)| r.split(['/', '?', '#']).next().unwrap_or(r));
            if parsed.path().contains(['@', ':'])
                || parsed.fragment().is_some()
                || authority.matches('@').count() > 1
            {
                return Err(format!(
                    "the source URL is ambiguous (part of it could be the password); {ENCODE}"
                ));
            }
        }
        Ok(Self {
            url: SecretString::from(url),
            engine,
        })
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn expose(&self) -> &str {
        self.url.expose_secret()
    }

    /// The SQLite file path of a `sqlite:` URL.
    pub fn sqlite_path(&self) -> Option<String> {
        let rest = self.expose().strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        Some(rest.split('?').next().unwrap_or(rest).to_owned())
    }

    pub fn info(&self) -> SourceInfo {
        if self.engine == Engine::Sqlite {
            return SourceInfo {
                engine: self.engine,
                host: None,
                port: None,
                database: self.sqlite_path(),
                user: None,
            };
        }
        let parsed = url::Url::parse(self.expose()).ok();
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        };
        let parsed = parsed.as_ref();
        SourceInfo {
            engine: self.engine,
            host: parsed
                .and_then(url::Url::host_str)
                .filter(|h| !h.is_empty())
                .map(str::to_owned),
            port: parsed.and_then(url::Url::port),
            database: parsed
                .map(|u| u.path().trim_start_matches('/'))
                .filter(|d| !d.is_empty())
                .map(decode),
            user: parsed
                .map(url::Url::username)
                .filter(|u| !u.is_empty())
                .map(decode),
        }
    }

    /// `engine://user@host:port/database`, without the password.
    pub fn redacted(&self) -> String {
        let i = self.info();
        match self.engine {
            Engine::Sqlite => format!("sqlite:{}", i.database.unwrap_or_default()),
            _ => format!(
                "{}://{}{}{}/{}",
                if self.engine == Engine::Postgres {
                    "postgres"
                } else {
                    "mysql"
                },
                i.user.map(|u| format!("{u}@")).unwrap_or_default(),
                i.host.unwrap_or_default(),
                i.port.map(|p| format!(":{p}")).unwrap_or_default(),
                i.database.unwrap_or_default()
            ),
        }
    }
}

impl fmt::Debug for SourceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceUrl({})", self.redacted())
    }
}

impl fmt::Display for SourceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_urls_show_host_database_and_user_only() {
        let u = SourceUrl::parse("postgres://app:s3cret@db.internal:5433/shop?sslmode=disable")
            .unwrap();
        assert_eq!(u.engine(), Engine::Postgres);
        assert_eq!(
            u.info(),
            SourceInfo {
                engine: Engine::Postgres,
                host: Some("db.internal".into()),
                port: Some(5433),
                database: Some("shop".into()),
                user: Some("app".into())
            }
        );
        assert_eq!(u.redacted(), "postgres://app@db.internal:5433/shop");
        assert!(!format!("{u:?} {u}").contains("s3cret"));
        let m = SourceUrl::parse("mariadb://root@127.0.0.1:3306/test").unwrap();
        assert_eq!(m.engine(), Engine::Mysql);
        assert_eq!(m.expose(), "mysql://root@127.0.0.1:3306/test");
        let s = SourceUrl::parse("sqlite:///tmp/app.db").unwrap();
        assert_eq!(s.sqlite_path().unwrap(), "/tmp/app.db");
        assert!(SourceUrl::parse("oracle://x").is_err());
    }

    #[test]
    fn passwords_with_url_characters_are_refused_unless_encoded() {
        for raw in [
            "postgres://sec_writer:Sl/ashSECRET_0004@host/db",
            "postgres://u:12/ashSECRET@host/db",
            "mysql://u:pa#ssSECRET@host/db",
            "postgres://u:a@bSECRET@host/db",
            "postgres://u:p?xSECRET@host/db",
        ] {
            let e = SourceUrl::parse(raw)
                .err()
                .unwrap_or_else(|| panic!("{raw} accepted"));
            assert!(!e.contains("SECRET") && !e.contains("ash"), "{e}");
            assert!(e.contains("%2F"), "{e}");
        }
        let u =
            SourceUrl::parse("postgres://sec_writer:Sl%2FashSECRET_0004@db.example:5432/shop%40x")
                .unwrap();
        let i = u.info();
        assert_eq!(i.user.as_deref(), Some("sec_writer"));
        assert_eq!(i.host.as_deref(), Some("db.example"));
        assert_eq!(i.database.as_deref(), Some("shop@x"));
        assert!(!u.redacted().contains("SECRET"));
        let v6 = SourceUrl::parse("postgres://app@[::1]:5433/shop").unwrap();
        assert_eq!(v6.info().host.as_deref(), Some("[::1]"));
        assert_eq!(v6.info().port, Some(5433));
    }
}

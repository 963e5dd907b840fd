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
        let url = self.expose();
        let rest = url.split_once("://").map_or("", |(_, r)| r);
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let user = userinfo
            .map(|u| u.split(':').next().unwrap_or(u).to_owned())
            .filter(|u| !u.is_empty());
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => {
                (h.to_owned(), p.parse().ok())
            }
            _ => (hostport.to_owned(), None),
        };
        let database = path
            .split('?')
            .next()
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        SourceInfo {
            engine: self.engine,
            host: Some(host).filter(|h| !h.is_empty()),
            port,
            database,
            user,
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
}

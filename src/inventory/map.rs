//! The data map: organisations → systems → data categories → processing activities →
//! recipients, as nodes in five columns and the edges between them, with third-country
//! transfers and special categories marked. Filters narrow it to what a DPO asks about.

use crate::domain::{outside_eea, CountryCode, LegalBasis, LinkStatus};
use crate::error::Result;
use entity::{
    activity_data, activity_legal_basis, activity_recipient, activity_system, data_category,
    organisation, processing_activity, recipient, system, system_category, transfer,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What to show; every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct MapFilter {
    /// A category key: systems and activities holding it or one of its descendants.
    pub category: Option<String>,
    pub legal_basis: Option<LegalBasis>,
    pub system_id: Option<i64>,
    /// An ISO country: systems hosted there, activities sending data there.
    pub country: Option<String>,
}

/// The map's columns, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lane {
    Organisation,
    System,
    Category,
    Activity,
    Recipient,
}

impl Lane {
    pub const ALL: [Lane; 5] = [
        Lane::Organisation,
        Lane::System,
        Lane::Category,
        Lane::Activity,
        Lane::Recipient,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Lane::Organisation => "Organisations",
            Lane::System => "Systems",
            Lane::Category => "Data categories",
            Lane::Activity => "Processing activities",
            Lane::Recipient => "Recipients",
        }
    }

    fn prefix(self) -> char {
        match self {
            Lane::Organisation => 'o',
            Lane::System => 's',
            Lane::Category => 'c',
            Lane::Activity => 'a',
            Lane::Recipient => 'r',
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    /// Unique on the map, e.g. `s12`.
    pub key: String,
    pub lane: Lane,
    pub id: i64,
    pub label: String,
    /// One line under the label (kind, country, category key).
    pub detail: String,
    /// Data leaves the EEA here (a system hosted outside it, an activity with a
    /// third-country transfer, a recipient outside it).
    pub transfer: bool,
    /// A special category (Art. 9), or an activity processing one.
    pub special: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub transfer: bool,
    /// A data flow from one system to another (both in the system lane).
    pub flow: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DataMap {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl DataMap {
    pub fn lane(&self, lane: Lane) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(move |n| n.lane == lane)
    }

    pub fn node(&self, key: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.key == key)
    }

    /// The nodes joined to `key` by an edge, either way; data flows are
    /// [`DataMap::flows`].
    pub fn neighbours<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.edges.iter().filter(|e| !e.flow).filter_map(move |e| {
            if e.from == key {
                self.node(&e.to)
            } else if e.to == key {
                self.node(&e.from)
            } else {
                None
            }
        })
    }
}

impl DataMap {
    /// The systems `key` sends data to (`outgoing`) or receives data from.
    pub fn flows<'a>(
        &'a self,
        key: &'a str,
        outgoing: bool,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        self.edges
            .iter()
            .filter(|e| e.flow)
            .filter_map(move |e| match outgoing {
                true if e.from == key => self.node(&e.to),
                false if e.to == key => self.node(&e.from),
                _ => None,
            })
    }
}

fn key(lane: Lane, id: i64) -> String {
    format!("{}{id}", lane.prefix())
}

/// Builds the map from the store: confirmed links only (what the DPO has signed off).
pub async fn build(db: &impl ConnectionTrait, filter: &MapFilter) -> Result<DataMap> {
    let orgs = organisation::Entity::find().all(db).await?;
    let systems = system::Entity::find().all(db).await?;
    let cats = data_category::Entity::find().all(db).await?;
    let links = system_category::Entity::find()
        .filter(system_category::Column::Status.eq(LinkStatus::Confirmed.as_str()))
        .all(db)
        .await?;
    let activities = processing_activity::Entity::find().all(db).await?;
    let uses = activity_system::Entity::find().all(db).await?;
    let data = activity_data::Entity::find().all(db).await?;
    let bases = activity_legal_basis::Entity::find().all(db).await?;
    let sends = activity_recipient::Entity::find().all(db).await?;
    let recipients = recipient::Entity::find().all(db).await?;
    let transfers = transfer::Entity::find().all(db).await?;
    let flows = super::flows::all(db).await?;

    let country = match &filter.country {
        Some(c) => Some(CountryCode::parse("country", c)?.as_str().to_owned()),
        None => None,
    };
    let subtree: Option<HashSet<i64>> = match &filter.category {
        Some(k) => {
            let root = super::categories::resolve_key(db, "category", k).await?;
            Some(
                super::categories::subtree_ids(db, root.id)
                    .await?
                    .into_iter()
                    .collect(),
            )
        }
        None => None,
    };
    let in_subtree = |c: i64| subtree.as_ref().is_none_or(|s| s.contains(&c));
    let systems_of = |acts: &HashSet<i64>| -> HashSet<i64> {
        uses.iter()
            .filter(|u| acts.contains(&u.activity_id))
            .map(|u| u.system_id)
            .collect()
    };
    let recipient_country: HashMap<i64, Option<&str>> = recipients
        .iter()
        .map(|r| (r.id, r.country.as_deref()))
        .collect();

    let mut acts: HashSet<i64> = activities.iter().map(|a| a.id).collect();
    let mut syss: HashSet<i64> = systems.iter().map(|s| s.id).collect();
    if subtree.is_some() {
        let a: HashSet<i64> = data
            .iter()
            .filter(|d| in_subtree(d.category_id))
            .map(|d| d.activity_id)
            .collect();
        let mut s: HashSet<i64> = links
            .iter()
            .filter(|l| in_subtree(l.category_id))
            .map(|l| l.system_id)
            .collect();
        s.extend(systems_of(&a));
        acts.retain(|x| a.contains(x));
        syss.retain(|x| s.contains(x));
    }
    if let Some(basis) = filter.legal_basis {
        let a: HashSet<i64> = bases
            .iter()
            .filter(|b| b.basis == basis.as_str())
            .map(|b| b.activity_id)
            .collect();
        let s = systems_of(&a);
        acts.retain(|x| a.contains(x));
        syss.retain(|x| s.contains(x));
    }
    if let Some(id) = filter.system_id {
        let a: HashSet<i64> = uses
            .iter()
            .filter(|u| u.system_id == id)
            .map(|u| u.activity_id)
            .collect();
        acts.retain(|x| a.contains(x));
        syss.retain(|x| *x == id);
    }
    if let Some(c) = &country {
        let hosted: HashSet<i64> = systems
            .iter()
            .filter(|s| s.hosting_country.as_deref() == Some(c.as_str()))
            .map(|s| s.id)
            .collect();
        let mut a: HashSet<i64> = transfers
            .iter()
            .filter(|t| &t.country == c)
            .map(|t| t.activity_id)
            .collect();
        a.extend(
            sends
                .iter()
                .filter(|r| {
                    recipient_country.get(&r.recipient_id).copied().flatten() == Some(c.as_str())
                })
                .map(|r| r.activity_id),
        );
        a.extend(
            uses.iter()
                .filter(|u| hosted.contains(&u.system_id))
                .map(|u| u.activity_id),
        );
        let mut s = hosted;
        s.extend(systems_of(&a));
        acts.retain(|x| a.contains(x));
        syss.retain(|x| s.contains(x));
    }

    let special: HashSet<i64> = cats.iter().filter(|c| c.special).map(|c| c.id).collect();
    let mut edges: BTreeSet<Edge> = BTreeSet::new();
    let mut shown_cats: HashSet<i64> = HashSet::new();
    let mut shown_recipients: HashSet<i64> = HashSet::new();
    let mut shown_orgs: HashSet<i64> = HashSet::new();
    for s in systems.iter().filter(|s| syss.contains(&s.id)) {
        if let Some(o) = s.organisation_id {
            shown_orgs.insert(o);
            edges.insert(Edge {
                from: key(Lane::Organisation, o),
                to: key(Lane::System, s.id),
                transfer: false,
                flow: false,
            });
        }
    }
    for l in links
        .iter()
        .filter(|l| syss.contains(&l.system_id) && in_subtree(l.category_id))
    {
        shown_cats.insert(l.category_id);
        edges.insert(Edge {
            from: key(Lane::System, l.system_id),
            to: key(Lane::Category, l.category_id),
            transfer: false,
            flow: false,
        });
    }
    // Data flows between systems on the map; one into a system hosted outside the EEA
    // is a transfer.
    let hosting: HashMap<i64, Option<&str>> = systems
        .iter()
        .map(|s| (s.id, s.hosting_country.as_deref()))
        .collect();
    for f in flows
        .iter()
        .filter(|f| syss.contains(&f.from_system_id) && syss.contains(&f.to_system_id))
    {
        let abroad = |id: i64| outside_eea(hosting.get(&id).copied().flatten());
        edges.insert(Edge {
            from: key(Lane::System, f.from_system_id),
            to: key(Lane::System, f.to_system_id),
            transfer: abroad(f.to_system_id) && !abroad(f.from_system_id),
            flow: true,
        });
    }
    for d in data
        .iter()
        .filter(|d| acts.contains(&d.activity_id) && in_subtree(d.category_id))
    {
        shown_cats.insert(d.category_id);
        edges.insert(Edge {
            from: key(Lane::Category, d.category_id),
            to: key(Lane::Activity, d.activity_id),
            transfer: false,
            flow: false,
        });
    }
    // Transfers by recipient: the edge to that recipient leaves the EEA.
    let transferred: HashSet<(i64, i64)> = transfers
        .iter()
        .filter_map(|t| Some((t.activity_id, t.recipient_id?)))
        .collect();
    for r in sends.iter().filter(|r| acts.contains(&r.activity_id)) {
        shown_recipients.insert(r.recipient_id);
        let abroad = transferred.contains(&(r.activity_id, r.recipient_id))
            || outside_eea(recipient_country.get(&r.recipient_id).copied().flatten());
        edges.insert(Edge {
            from: key(Lane::Activity, r.activity_id),
            to: key(Lane::Recipient, r.recipient_id),
            transfer: abroad,
            flow: false,
        });
    }
    for a in activities.iter().filter(|a| acts.contains(&a.id)) {
        if let Some(o) = a.organisation_id {
            shown_orgs.insert(o);
        }
    }

    let activity_special: HashSet<i64> = data
        .iter()
        .filter(|d| special.contains(&d.category_id))
        .map(|d| d.activity_id)
        .collect();
    let activity_transfer: HashSet<i64> = transfers
        .iter()
        .filter(|t| outside_eea(Some(&t.country)))
        .map(|t| t.activity_id)
        .collect();

    let mut nodes = Vec::new();
    let mut push = |lane, id, label: &str, detail: String, transfer, special| {
        nodes.push(Node {
            key: key(lane, id),
            lane,
            id,
            label: label.to_owned(),
            detail,
            transfer,
            special,
        })
    };
    for o in orgs.iter().filter(|o| shown_orgs.contains(&o.id)) {
        push(
            Lane::Organisation,
            o.id,
            &o.name,
            o.country.clone().unwrap_or_default(),
            false,
            false,
        );
    }
    for s in systems.iter().filter(|s| syss.contains(&s.id)) {
        let detail = match &s.hosting_country {
            Some(c) => format!("{} · {c}", s.kind.to_lowercase().replace('_', " ")),
            None => s.kind.to_lowercase().replace('_', " "),
        };
        push(
            Lane::System,
            s.id,
            &s.name,
            detail,
            outside_eea(s.hosting_country.as_deref()),
            false,
        );
    }
    for c in cats.iter().filter(|c| shown_cats.contains(&c.id)) {
        push(
            Lane::Category,
            c.id,
            &c.name,
            c.key.clone(),
            false,
            c.special,
        );
    }
    for a in activities.iter().filter(|a| acts.contains(&a.id)) {
        push(
            Lane::Activity,
            a.id,
            &a.name,
            a.role.to_lowercase().replace('_', " "),
            activity_transfer.contains(&a.id),
            activity_special.contains(&a.id),
        );
    }
    for r in recipients
        .iter()
        .filter(|r| shown_recipients.contains(&r.id))
    {
        push(
            Lane::Recipient,
            r.id,
            &r.name,
            r.country.clone().unwrap_or_default(),
            outside_eea(r.country.as_deref()),
            false,
        );
    }
    nodes.sort_by_key(|n| (n.lane, n.label.to_lowercase()));
    Ok(DataMap {
        nodes,
        edges: edges.into_iter().collect(),
    })
}

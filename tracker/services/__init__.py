"""Writes for the tracker, by sub-domain: `rectification_items` (the ledger: edits, workflow, history,
proof files), `guidance_notes` (notes and corrections to counties, and their answers), `county_records`
(study sessions and research topics). Excel imports are ingestion (reports.ledger), which writes the
ledger's history through rectification_items."""

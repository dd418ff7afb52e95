"""The site audit: checks over one run's findings, scored by category, stored in ``site_audits``."""

from inbound_spiders.audit.builder import CATEGORIES, CATEGORY_IDS, build_site_audit
from inbound_spiders.audit.checks import CHECKS, AuditContext, CheckResult, run_checks

__all__ = ["CATEGORIES", "CATEGORY_IDS", "CHECKS", "AuditContext", "CheckResult", "build_site_audit", "run_checks"]

"""The collaboration model (ADR 13): owners, collaboration members, shares, per-object roles — one SQL filter."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.collab_testapp.models import CaseFile, SharedDossier
from tests.conftest import logged_in_client, make_user
from veiliglokaal.accounts.models import Membership, User
from veiliglokaal.accounts.scopes import (ORGANISATION_SCOPES, Role, Scope, scopes_for_organisation_roles,
                                         scopes_for_roles)
from veiliglokaal.accounts.selectors import tenant_for
from veiliglokaal.audit.models import ProcessingLogEntry, SecurityAction, SecurityEvent
from veiliglokaal.core.services import sharing as services_sharing
from veiliglokaal.core.models import (Collaboration, CollaborationMember, ObjectRole, Organisation,
                                      Share, ShareDeletionError)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def top_level_where_count(sql: str) -> int:
    depth, count, upper = 0, 0, sql.upper()
    for index, char in enumerate(upper):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and upper.startswith("WHERE", index):
            count += 1
    return count


def visible(model, tenant) -> set[str]:
    """Titles the tenant sees, asserting that it took one query with one top-level WHERE."""
    queryset = model.objects.for_tenant(tenant)
    assert top_level_where_count(str(queryset.query)) == 1, str(queryset.query)
    with CaptureQueriesContext(connection) as queries:
        titles = set(queryset.values_list("title", flat=True))
    assert len(queries) == 1
    return titles


def org_user(username: str, organisation: Organisation) -> User:
    user = User.objects.create_user(username=username, password="x")
    Membership.objects.create(user=user, organisation=organisation, role=Role.PARTNER)
    return user


def org_tenant(user):
    return tenant_for(user, None, user.memberships.get().organisation_id)


@pytest.fixture
def setting(municipality_a, municipality_b):
    """A ZVH partnership of A and a GGZ institution; B and the police are outside it."""
    ggz = Organisation.objects.create(name="GGZ Noord-Veluwe", kind="ggz")
    police = Organisation.objects.create(name="Politie Oost-Nederland", kind="politie")
    zvh = Collaboration.objects.create(name="ZVH Noord-Veluwe", kind="partnership")
    CollaborationMember.objects.create(collaboration=zvh, municipality=municipality_a)
    CollaborationMember.objects.create(collaboration=zvh, organisation=ggz)
    a_admin = make_user("a-beheerder", municipality_a, Role.ADMIN)
    b_admin = make_user("b-beheerder", municipality_b, Role.ADMIN)
    ggz_user, police_user = org_user("ggz-medewerker", ggz), org_user("politie-medewerker", police)

    class S:
        pass

    s = S()
    s.a, s.b, s.ggz, s.police, s.zvh = municipality_a, municipality_b, ggz, police, zvh
    s.a_admin, s.b_admin, s.ggz_user, s.police_user = a_admin, b_admin, ggz_user, police_user
    s.tenant_a = lambda: tenant_for(a_admin, municipality_a.pk)
    s.tenant_b = lambda: tenant_for(b_admin, municipality_b.pk)
    s.tenant_ggz = lambda: org_tenant(ggz_user)
    s.tenant_police = lambda: org_tenant(police_user)
    return s


def share(s, obj, **recipient):
    return services_sharing.share(s.tenant_a(), s.a_admin, obj, purpose="Casusoverleg", legal_basis="WGS art. 2.1",
                                  legal_basis_code="wgs", valid_until=TODAY() + DAY, **recipient)


# -- tenants -------------------------------------------------------------------------------------------

def test_tenant_knows_what_it_acts_for_and_its_collaborations(setting):
    tenant_a, tenant_ggz, tenant_b = setting.tenant_a(), setting.tenant_ggz(), setting.tenant_b()
    assert tenant_a.acting_for == "municipality" and tenant_a.collaboration_ids == {setting.zvh.pk}
    assert tenant_ggz.acting_for == "organisation" and tenant_ggz.municipality_id is None
    assert tenant_ggz.organisation_id == setting.ggz.pk and tenant_ggz.collaboration_ids == {setting.zvh.pk}
    assert tenant_ggz.roles == {Role.PARTNER} and tenant_ggz.scopes == {Scope.REGISTER_VIEW}
    assert tenant_b.collaboration_ids == frozenset()
    assert tenant_for(setting.ggz_user, None, setting.police.pk) is None  # no role there


def test_ended_future_or_inactive_collaboration_membership_does_not_count(setting):
    member = CollaborationMember.objects.get(collaboration=setting.zvh, municipality=setting.a)
    CollaborationMember.objects.filter(pk=member.pk).update(valid_until=TODAY() - DAY)
    assert setting.tenant_a().collaboration_ids == frozenset()
    CollaborationMember.objects.filter(pk=member.pk).update(valid_until=None, valid_from=TODAY() + DAY)
    assert setting.tenant_a().collaboration_ids == frozenset()
    CollaborationMember.objects.filter(pk=member.pk).update(valid_from=TODAY())
    Collaboration.objects.filter(pk=setting.zvh.pk).update(is_active=False)
    assert setting.tenant_a().collaboration_ids == frozenset()
    assert setting.tenant_ggz().collaboration_ids == frozenset()


# -- access --------------------------------------------------------------------------------------------

def test_owner_municipality_sees_its_objects_others_do_not(setting):
    SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    SharedDossier.objects.create(owner_municipality=setting.b, title="B")
    assert visible(SharedDossier, setting.tenant_a()) == {"A"}
    assert visible(SharedDossier, setting.tenant_b()) == {"B"}
    assert visible(SharedDossier, setting.tenant_ggz()) == set()  # in A's collaboration, not the owner
    assert not SharedDossier.objects.for_tenant(None).exists()


def test_collaboration_members_see_the_collaborations_objects(setting):
    SharedDossier.objects.create(owner_collaboration=setting.zvh, title="ZVH")
    assert visible(SharedDossier, setting.tenant_a()) == {"ZVH"}
    assert visible(SharedDossier, setting.tenant_ggz()) == {"ZVH"}
    assert visible(SharedDossier, setting.tenant_b()) == set()
    assert visible(SharedDossier, setting.tenant_police()) == set()


def test_ended_membership_loses_access(setting):
    SharedDossier.objects.create(owner_collaboration=setting.zvh, title="ZVH")
    CollaborationMember.objects.filter(organisation=setting.ggz).update(valid_until=TODAY() - DAY)
    assert visible(SharedDossier, setting.tenant_ggz()) == set()


def test_visibility_filter_narrows_further(setting):
    SharedDossier.objects.create(owner_collaboration=setting.zvh, title="open")
    SharedDossier.objects.create(owner_collaboration=setting.zvh, title="vertrouwelijk", confidential=True)
    assert visible(SharedDossier, setting.tenant_a()) == {"open", "vertrouwelijk"}
    assert visible(SharedDossier, setting.tenant_ggz()) == {"open"}


def test_partnership_membership_alone_grants_no_access_to_cases(setting):
    """Case consultation: `collaboration_membership_grants_access = False`."""
    CaseFile.objects.create(owner_collaboration=setting.zvh, title="casus")
    assert visible(CaseFile, setting.tenant_a()) == set()
    assert visible(CaseFile, setting.tenant_ggz()) == set()
    CaseFile.objects.create(owner_municipality=setting.a, title="eigen casus")
    assert visible(CaseFile, setting.tenant_a()) == {"eigen casus"}  # the owner municipality still sees its own


def test_object_role_grants_access_to_that_object_only(setting):
    case = CaseFile.objects.create(owner_collaboration=setting.zvh, title="casus 1")
    CaseFile.objects.create(owner_collaboration=setting.zvh, title="casus 2")
    role = services_sharing.grant_object_role(setting.tenant_a(), setting.a_admin, case, setting.ggz_user,
                                              "participant")
    assert visible(CaseFile, setting.tenant_ggz()) == {"casus 1"}
    assert visible(CaseFile, setting.tenant_a()) == set()  # the person, not their municipality or organisation
    assert visible(SharedDossier, setting.tenant_ggz()) == set()  # same id, other model: nothing
    SharedDossier.objects.create(pk=case.pk, owner_municipality=setting.b, title="zelfde id")
    assert visible(SharedDossier, setting.tenant_ggz()) == set()
    services_sharing.end_object_role(setting.tenant_a(), setting.a_admin, role)
    assert visible(CaseFile, setting.tenant_ggz()) == set()
    assert ObjectRole.objects.filter(pk=role.pk).exists()  # history stays


def test_object_role_in_the_future_or_expired_does_not_count(setting):
    case = CaseFile.objects.create(owner_collaboration=setting.zvh, title="casus")
    services_sharing.grant_object_role(setting.tenant_a(), setting.a_admin, case, setting.ggz_user, "participant",
                                       valid_from=TODAY() + DAY)
    assert visible(CaseFile, setting.tenant_ggz()) == set()
    ObjectRole.objects.update(valid_from=TODAY() - 2 * DAY, valid_until=TODAY() - DAY)
    assert visible(CaseFile, setting.tenant_ggz()) == set()


def test_object_role_must_be_declared_by_the_model(setting):
    case = CaseFile.objects.create(owner_collaboration=setting.zvh, title="casus")
    with pytest.raises(ValidationError):
        services_sharing.grant_object_role(setting.tenant_a(), setting.a_admin, case, setting.ggz_user, "eigenaar")
    with pytest.raises(PermissionDenied):  # B is not in the partnership that owns the case
        services_sharing.grant_object_role(setting.tenant_b(), setting.b_admin, case, setting.b_admin, "participant")
    assert not ObjectRole.objects.exists()


# -- shares --------------------------------------------------------------------------------------------

def test_share_with_municipality_grants_access_until_expiry(setting):
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    record = share(setting, dossier, with_municipality=setting.b)
    assert visible(SharedDossier, setting.tenant_b()) == {"A"}
    Share.objects.filter(pk=record.pk).update(valid_until=TODAY())  # valid through today
    assert visible(SharedDossier, setting.tenant_b()) == {"A"}
    Share.objects.filter(pk=record.pk).update(valid_until=TODAY() - DAY)
    assert visible(SharedDossier, setting.tenant_b()) == set()


def test_share_with_organisation_until_revoked(setting):
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    SharedDossier.objects.create(owner_municipality=setting.a, title="A niet gedeeld")
    record = share(setting, dossier, with_organisation=setting.police)
    assert visible(SharedDossier, setting.tenant_police()) == {"A"}
    assert visible(SharedDossier, setting.tenant_b()) == set()
    services_sharing.revoke_share(setting.tenant_a(), setting.a_admin, record)
    assert visible(SharedDossier, setting.tenant_police()) == set()
    record = Share.objects.get(pk=record.pk)
    assert record.revoked_at and record.revoked_by == setting.a_admin
    with pytest.raises(ValidationError):
        services_sharing.revoke_share(setting.tenant_a(), setting.a_admin, record)


def test_share_with_collaboration_reaches_its_members_and_a_case_of_a_partnership(setting, municipality_b):
    network = Collaboration.objects.create(name="Netwerk", kind="network")
    CollaborationMember.objects.create(collaboration=network, municipality=municipality_b)
    CollaborationMember.objects.create(collaboration=network, organisation=setting.police)
    case = CaseFile.objects.create(owner_collaboration=setting.zvh, title="casus")
    share(setting, case, with_collaboration=network)  # A may share: it is a member of the owner partnership
    assert visible(CaseFile, setting.tenant_b()) == {"casus"}
    assert visible(CaseFile, setting.tenant_police()) == {"casus"}
    assert visible(CaseFile, setting.tenant_a()) == set()  # sharing does not make the sharer a participant


def test_only_the_owner_side_may_share(setting):
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    share(setting, dossier, with_municipality=setting.b)
    with pytest.raises(PermissionDenied):  # a recipient cannot pass it on
        services_sharing.share(setting.tenant_b(), setting.b_admin, dossier, with_organisation=setting.police,
                               purpose="doorgeven", legal_basis="geen", valid_until=TODAY() + DAY)
    with pytest.raises(PermissionDenied):
        services_sharing.share(None, setting.b_admin, dossier, with_organisation=setting.police,
                               purpose="doorgeven", legal_basis="geen", valid_until=TODAY() + DAY)
    assert Share.objects.count() == 1


@pytest.mark.parametrize("change", [
    {"purpose": " "}, {"legal_basis": ""}, {"legal_basis_code": "verzonnen"}, {"valid_until": TODAY() - DAY},
    {"with_organisation": "police"}, {"with_municipality": None},
], ids=lambda c: next(iter(c)))
def test_share_needs_purpose_legal_basis_future_date_and_one_recipient(setting, change):
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    arguments = {"purpose": "doel", "legal_basis": "WGS", "valid_until": TODAY() + DAY,
                 "with_municipality": setting.b}
    arguments.update({k: (setting.police if v == "police" else v) for k, v in change.items()})
    with pytest.raises(ValidationError):
        services_sharing.share(setting.tenant_a(), setting.a_admin, dossier, **arguments)
    assert not Share.objects.exists()


def test_shares_are_never_deleted(setting):
    record = share(setting, SharedDossier.objects.create(owner_municipality=setting.a, title="A"),
                   with_municipality=setting.b)
    with pytest.raises(ShareDeletionError):
        record.delete()
    with pytest.raises(ShareDeletionError):
        Share.objects.all().delete()
    assert Share.objects.count() == 1


def test_share_and_revoke_write_processing_and_security_log(setting):
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    record = share(setting, dossier, with_organisation=setting.police)
    entry = ProcessingLogEntry.objects.get(activity_key=services_sharing.SHARING_ACTIVITY, name="object gedeeld")
    assert entry.municipality_id == setting.a.pk and entry.actor_id == setting.a_admin.pk
    event = SecurityEvent.objects.get(action=SecurityAction.PERMISSION_CHANGED, object_type="deling",
                                      object_id=str(record.pk))
    assert event.detail["change"] == "share_created" and event.detail["recipient"] == f"organisatie:{setting.police.pk}"
    assert event.detail["object"] == f"collab_testapp.shareddossier:{dossier.pk}"
    services_sharing.revoke_share(setting.tenant_a(), setting.a_admin, record)
    assert ProcessingLogEntry.objects.filter(name="deling ingetrokken").count() == 1
    assert SecurityEvent.objects.filter(object_type="deling", detail__change="share_revoked").count() == 1


def test_share_is_atomic_with_its_log_entries(setting, monkeypatch):
    """A failure after the share is written rolls back the share and the log entries: both or neither."""
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    processing_before, security_before = ProcessingLogEntry.objects.count(), SecurityEvent.objects.count()

    def fail(*args, **kwargs):
        assert Share.objects.count() == 1  # the share exists at this point ...
        raise RuntimeError("logboek niet beschikbaar")

    monkeypatch.setattr(services_sharing, "log_security", fail)
    with pytest.raises(RuntimeError):
        share(setting, dossier, with_municipality=setting.b)
    assert not Share.objects.exists()  # ... and is gone with the failure
    assert ProcessingLogEntry.objects.count() == processing_before

    monkeypatch.undo()
    monkeypatch.setattr("veiliglokaal.audit.services.log_processing", fail)
    with pytest.raises(RuntimeError):
        share(setting, dossier, with_municipality=setting.b)
    assert not Share.objects.exists()
    assert SecurityEvent.objects.count() == security_before
    assert visible(SharedDossier, setting.tenant_b()) == set()


def test_revoke_is_atomic_with_its_log_entries(setting, monkeypatch):
    record = share(setting, SharedDossier.objects.create(owner_municipality=setting.a, title="A"),
                   with_municipality=setting.b)
    processing_before = ProcessingLogEntry.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError("logboek niet beschikbaar")

    monkeypatch.setattr(services_sharing, "log_security", fail)
    with pytest.raises(RuntimeError):
        services_sharing.revoke_share(setting.tenant_a(), setting.a_admin, record)
    assert Share.objects.get(pk=record.pk).revoked_at is None
    assert ProcessingLogEntry.objects.count() == processing_before
    assert visible(SharedDossier, setting.tenant_b()) == {"A"}


# -- the one filter ------------------------------------------------------------------------------------

def test_for_tenant_is_one_query_with_one_where_and_indexed_subqueries(setting):
    SharedDossier.objects.create(owner_collaboration=setting.zvh, title="ZVH")
    for tenant in (setting.tenant_a(), setting.tenant_ggz(), setting.tenant_b()):
        sql = str(SharedDossier.objects.for_tenant(tenant).query)
        assert top_level_where_count(sql) == 1, sql
        assert "collab_testapp_shareddossier" in sql and "core_objectrole" in sql, sql
    sql = str(SharedDossier.objects.for_tenant(setting.tenant_a()).query)
    assert "core_share" in sql and "owner_municipality_id" in sql and "owner_collaboration_id" in sql
    case_sql = str(CaseFile.objects.for_tenant(setting.tenant_a()).query)
    assert "owner_collaboration_id" not in case_sql.split("WHERE", 1)[1].split("(SELECT")[0]
    index_names = {index.name for index in Share._meta.indexes} | {i.name for i in ObjectRole._meta.indexes}
    assert {"share_object_idx", "object_role_user_idx"} <= index_names


def test_organisation_user_sees_nothing_of_municipal_models(setting, municipality_a):
    from veiliglokaal.incidents.models import Incident

    tenant = setting.tenant_ggz()
    with CaptureQueriesContext(connection) as queries:
        assert list(Incident.objects.for_tenant(tenant)) == []
        assert list(Membership.objects.for_tenant(tenant)) == []  # although organisation rows have no municipality
        assert list(SecurityEvent.objects.for_tenant(tenant)) == []
        assert list(ProcessingLogEntry.objects.for_tenant(tenant)) == []
    assert len(queries) == 0  # none(): not even a query, so no row can come back
    sql = str(Incident.objects.for_tenant(setting.tenant_a()).query)
    assert top_level_where_count(sql) == 1 and f"= {municipality_a.pk}" in sql


# -- constraints ---------------------------------------------------------------------------------------

def test_owned_object_has_exactly_one_owner(setting):
    with pytest.raises(IntegrityError), transaction.atomic():
        SharedDossier.objects.create(owner_municipality=setting.a, owner_collaboration=setting.zvh, title="twee")
    with pytest.raises(IntegrityError), transaction.atomic():
        SharedDossier.objects.create(title="geen")


def test_membership_is_for_exactly_one_municipality_or_organisation(setting):
    user = User.objects.create_user(username="dubbel", password="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, municipality=setting.a, organisation=setting.ggz, role=Role.PARTNER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.PARTNER)
    with pytest.raises(IntegrityError), transaction.atomic():  # municipal roles are not for organisations
        Membership.objects.create(user=user, organisation=setting.ggz, role=Role.ADMIN)


def test_collaboration_member_and_share_name_exactly_one_party(setting):
    with pytest.raises(IntegrityError), transaction.atomic():
        CollaborationMember.objects.create(collaboration=setting.zvh, municipality=setting.b, organisation=setting.police)
    with pytest.raises(IntegrityError), transaction.atomic():
        CollaborationMember.objects.create(collaboration=setting.zvh)
    dossier = SharedDossier.objects.create(owner_municipality=setting.a, title="A")
    record = share(setting, dossier, with_municipality=setting.b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.filter(pk=record.pk).update(with_organisation=setting.police)


def test_partner_role_has_only_the_base_scopes_and_an_organisation_tenant_only_those_without_municipality():
    assert scopes_for_roles({Role.PARTNER}) == {Scope.REGISTRY_VIEW, Scope.REGISTER_VIEW, Scope.API_TOKENS,
                                                Scope.INDICATORS_VIEW}
    assert scopes_for_roles({Role.PARTNER}) <= scopes_for_roles({Role.EMPLOYEE})
    assert scopes_for_organisation_roles({Role.PARTNER}) == {Scope.REGISTER_VIEW} == ORGANISATION_SCOPES


# -- pages for organisation users ----------------------------------------------------------------------

def test_organisation_user_home_and_pages_do_not_crash(setting):
    client = logged_in_client(setting.ggz_user)  # one organisation: chosen automatically
    home = client.get("/")
    text = home.content.decode()
    assert home.status_code == 200 and "GGZ Noord-Veluwe" in text and "ZVH Noord-Veluwe" in text
    assert "medewerker partnerorganisatie" in text  # the role, as the home page lists it
    assert client.get("/verwerkingsregister").status_code == 200
    for path in ["/mijn-gemeente", "/meldingen", "/beheer/gebruikers", "/veiligheidsbeeld", "/api-sleutels"]:
        assert client.get(path).status_code == 403, path
    assert client.get("/api/v1/memberships").status_code == 403
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/gemeente-kiezen").status_code == 200


def test_user_with_municipality_and_organisation_chooses(setting, municipality_a):
    user = make_user("dubbele-pet", municipality_a, Role.ANALYST)
    Membership.objects.create(user=user, organisation=setting.ggz, role=Role.PARTNER)
    client = logged_in_client(user)
    assert client.get("/")["Location"] == "/gemeente-kiezen"
    page = client.get("/gemeente-kiezen")
    text = page.content.decode()
    assert "Voor welke gemeente of organisatie werkt u nu?" in text and "GGZ Noord-Veluwe (GGZ-instelling)" in text
    assert [o.pk for o in page.context["organisations"]] == [setting.ggz.pk]

    response = client.post("/gemeente-kiezen", {"acting_for": f"organisatie-{setting.ggz.pk}"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session.get("active_organisation_id") == setting.ggz.pk
    assert "active_municipality_id" not in client.session
    assert "Organisatie" in client.get("/").content.decode()
    assert client.get("/meldingen").status_code == 403  # as a partner: no municipal modules
    event = SecurityEvent.objects.filter(action=SecurityAction.MUNICIPALITY_SWITCHED, actor_id=user.pk).first()
    assert event.object_type == "organisatie" and event.object_id == str(setting.ggz.pk)

    client.post("/gemeente-kiezen", {"acting_for": f"gemeente-{municipality_a.pk}"})
    assert client.session.get("active_municipality_id") == municipality_a.pk
    assert "active_organisation_id" not in client.session
    assert client.get("/meldingen").status_code == 200

    for value in [f"organisatie-{setting.police.pk}", "organisatie-x", "iets-1", ""]:
        response = client.post("/gemeente-kiezen", {"acting_for": value}, follow=True)
        assert "Kies een gemeente of organisatie waarvoor u een rol heeft." in response.content.decode()
    assert client.session.get("active_municipality_id") == municipality_a.pk


def test_inactive_organisation_gives_no_tenant(setting):
    Organisation.objects.filter(pk=setting.ggz.pk).update(is_active=False)
    assert setting.tenant_ggz() is None
    client = logged_in_client(setting.ggz_user)
    assert client.get("/")["Location"] == "/gemeente-kiezen"


def test_system_check_guards_the_owner_constraint_of_owned_models():
    from veiliglokaal.core.ownership import check_owned_models

    assert check_owned_models() == []
    original = SharedDossier._meta.constraints
    try:
        SharedDossier._meta.constraints = []
        assert [error.id for error in check_owned_models()] == ["core.E013"]
    finally:
        SharedDossier._meta.constraints = original

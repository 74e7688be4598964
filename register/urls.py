from django.urls import path

from .views import imports, lists, people, spells

app_name = "register"
urlpatterns = [
    path("", lists.person_list, name="person_list"),
    path("export.csv", lists.person_export, name="person_export"),
    path("export.xlsx", lists.person_export_xlsx, name="person_export_xlsx"),
    path("workbook.xlsx", imports.register_workbook_export, name="register_workbook_export"),
    path("imports/", imports.import_list, name="import_list"),
    path(
        "imports/templates/<slug:kind>.<slug:file_format>",
        imports.import_template,
        name="import_template",
    ),
    path("imports/new/", imports.import_upload, name="import_upload"),
    path("imports/<int:import_id>/", imports.import_detail, name="import_detail"),
    path("imports/<int:import_id>/columns/", imports.import_mapping, name="import_mapping"),
    path("imports/<int:import_id>/commit/", imports.import_commit, name="import_commit"),
    path("imports/<int:import_id>/file/", imports.import_file, name="import_file"),
    path("imports/<int:import_id>/errors.csv", imports.import_errors, name="import_errors"),
    path("people/add/", people.person_add, name="person_add"),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:person_id>/admit/", people.person_admit, name="person_admit"),
    path("people/<int:person_id>/risk/", people.person_rate, name="person_rate"),
    path("people/<int:person_id>/dsr/close/", people.person_dsr_close, name="person_dsr_close"),
    path(
        "people/<int:person_id>/dsr/planned-admission/",
        people.person_planned_admission,
        name="person_planned_admission",
    ),
    path(
        "people/<int:person_id>/transition-plan/",
        people.person_transition_plan,
        name="person_transition_plan",
    ),
    path(
        "people/<int:person_id>/coordinator/", people.person_coordinator, name="person_coordinator"
    ),
    path("people/<int:person_id>/transfer/", people.person_transfer, name="person_transfer"),
    path("people/<int:person_id>/death/", people.person_death, name="person_death"),
    path("spells/<int:spell_id>/move/", spells.spell_move, name="spell_move"),
    path("spells/<int:spell_id>/transfer/", spells.spell_transfer, name="spell_transfer"),
    path("spells/<int:spell_id>/discharge/", spells.spell_discharge, name="spell_discharge"),
    path("spells/<int:spell_id>/delay/", spells.spell_delay, name="spell_delay"),
    path(
        "spells/<int:spell_id>/planned-discharge/",
        spells.spell_planned_discharge,
        name="spell_planned_discharge",
    ),
    path(
        "spells/<int:spell_id>/legal-status/", spells.spell_legal_status, name="spell_legal_status"
    ),
]

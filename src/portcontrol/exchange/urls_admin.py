"""Administrator pages of the exchange: partner nodes, closed user groups, this node's keys."""

from django.urls import path

from portcontrol.exchange import views_admin

urlpatterns = [
    path("partners/", views_admin.partners, name="admin_partners"),
    path("partners/new/", views_admin.partner_edit, name="admin_partner_new"),
    path("partners/<str:node_id>/", views_admin.partner_edit, name="admin_partner"),
    path("partners/<str:node_id>/active/", views_admin.partner_active, name="admin_partner_active"),
    path("groups/", views_admin.groups, name="admin_groups"),
    path("groups/new/", views_admin.group_edit, name="admin_group_new"),
    path("groups/<str:code>/", views_admin.group_edit, name="admin_group"),
    path("node/", views_admin.node, name="admin_node"),
    path("node/public-keys.json", views_admin.node_document, name="admin_node_document"),
    path("node/drop-key/", views_admin.node_drop_key, name="admin_node_drop_key"),
]

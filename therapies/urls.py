app_name = "therapies"

urlpatterns = []

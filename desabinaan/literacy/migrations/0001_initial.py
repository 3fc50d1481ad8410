# The app's first migration, empty on purpose: the app's parts (built in parallel) each add
# their own migration after it.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = []

import sys

from stockagent.cli import main

sys.exit(main())

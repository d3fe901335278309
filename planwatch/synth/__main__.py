import sys

from planwatch.synth.report import main

sys.exit(main())

from stancekit.cli import main

raise SystemExit(main())

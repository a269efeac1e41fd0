from flames.cli import main

main()

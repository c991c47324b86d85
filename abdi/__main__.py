from abdi.cli import main

main()

from cvv.cli import main

main()

import Foundation
import LoupeCLI

exit(CommandLineInterface.run(Array(CommandLine.arguments.dropFirst())))

/* A stand-in for Windows' bcryptprimitives.dll, for running bogbinder.exe under Wine in tests
 * only (tests/windows/run.sh); never shipped. Rust's standard library (and getrandom) import
 * ProcessPrng from it, which Debian's Wine 8 lacks, so the program would exit with 53 before
 * main. ProcessPrng fills the buffer from RtlGenRandom (advapi32's SystemFunction036), the
 * system's random number generator that Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
